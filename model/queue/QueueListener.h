#pragma once

#include "queue/Types.h"

#include <QObject>
#include <QTimer>
#include <memory>

class QSocketNotifier;

namespace sluice::model {

// LISTENs on the queue's notification channel with its own connection, driven by a QSocketNotifier on the
// libpq socket (no polling). A lost connection is reported and re-established by itself, with a growing
// back-off. Any login may LISTEN, and the NOTIFY statement needs no privilege, so any login may send an event
// too: an event is only a reason to re-read through the queue's row-level-secured views, and its payload only
// the seq of the audit row the write appended (QueueClient::auditedChange says which change, to whom may
// know).
class QueueListener : public QObject
{
    Q_OBJECT
public:
    explicit QueueListener(QString conninfo, QObject *parent = nullptr);
    ~QueueListener() override;

    void start();
    [[nodiscard]] bool isConnected() const;

signals:
    // Something in the queue may have changed: re-read what is shown. auditSeq is 0 when the payload is not
    // an audit row's seq.
    void notified(qint64 auditSeq);
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
