#pragma once

#include "queue/Types.h"

#include <QObject>
#include <QTimer>
#include <memory>

class QSocketNotifier;

namespace sluice::model {

// LISTENs on the queue's notification channel with its own connection, driven by a QSocketNotifier on the
// libpq socket (no polling). A lost connection is reported and re-established by itself, with a growing
// back-off.
class QueueListener : public QObject
{
    Q_OBJECT
public:
    explicit QueueListener(QString conninfo, QObject *parent = nullptr);
    ~QueueListener() override;

    void start();
    [[nodiscard]] bool isConnected() const;

signals:
    // event: submitted, revised, reviewed, approved, rejected, executing, done, failed, ...
    void changeNotified(const QString &event, sluice::model::ChangeId change, const QString &status);
    void connectedChanged(bool connected, const QString &reason);

private:
    void connectNow();
    void drain();
    void lose(const QString &reason);

    struct Private;
    std::unique_ptr<Private> d;
    QString m_conninfo;
    QTimer m_retry;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace sluice::model
