#pragma once

#include "queue/Result.h"
#include "queue/Types.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <functional>
#include <memory>

namespace sluice::model {

class QueueClient;
class QueueListener;

// The console's link to the queue. Every query runs on one worker thread (a QueueClient is one connection),
// results come back as signals on the caller's thread, and NOTIFY keeps the queue and the open change
// current.
class QueueSession : public QObject
{
    Q_OBJECT
public:
    explicit QueueSession(QString conninfo, QObject *parent = nullptr);
    ~QueueSession() override;

    [[nodiscard]] const Identity &identity() const { return m_identity; }
    [[nodiscard]] bool isLive() const { return m_live; }

    void open();
    void refresh();
    void refreshChange(ChangeId id);
    void loadChange(ChangeId id);
    void approve(ChangeId id, const QString &sha256, const QString &comment,
                 const QList<sluice::model::FindingOverride> &overrides = {});
    void reject(ChangeId id, const QString &comment);

signals:
    void opened(const sluice::model::Identity &identity);
    void openFailed(const QString &message);
    void changesLoaded(const QList<sluice::model::ChangeSummary> &changes);
    // One change as it is now, after a queue event about it (no need to reload a large queue).
    void changeUpdated(const sluice::model::ChangeSummary &change);
    void changeHidden(sluice::model::ChangeId id);
    void changeLoaded(const sluice::model::ChangeDetail &change);
    void loadFailed(const QString &message);
    // The outcome of an approve or reject, as a sentence.
    void actionSucceeded(sluice::model::ChangeId id, const QString &message);
    void actionFailed(sluice::model::ChangeId id, const QString &message);
    void liveChanged(bool live, const QString &reason);

private:
    // A queue event: re-read the change its audit row is about, or the whole queue.
    void reread(qint64 auditSeq);
    template <class T>
    void run(std::function<Result<T>(QueueClient &)> work, std::function<void(const Result<T> &)> done);

    QString m_conninfo;
    Identity m_identity;
    std::shared_ptr<std::unique_ptr<QueueClient>> m_client;
    QThreadPool m_worker;
    QueueListener *m_listener = nullptr;
    QTimer m_refreshDebounce;
    ChangeId m_openChange = 0;
    bool m_live = false;
};

} // namespace sluice::model
