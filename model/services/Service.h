#pragma once

#include "queue/Result.h"
#include "services/ServiceConfig.h"

#include <QObject>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>

namespace sluice::model {

class BackgroundLoop;
class QueueClient;
class QueueListener;

// What sluiced does: reviews new revisions and executes approved changes on the targets it holds credentials
// for. It wakes on NOTIFY, with a slow safety poll; any number of instances may serve one queue. Executions
// run on the main thread; reviews and analyses each on a thread of their own with its own queue connection:
// a long review or a dry run on a shadow database can take minutes, and an approved change (a rollback at
// 2am) waits for neither. Executions whose runner went away are ended from what their target tells
// (ExecutionRecovery), at start-up and whenever another instance's lease runs out.
class Service : public QObject
{
    Q_OBJECT
public:
    Service(ServiceConfig config, QString instance, QObject *parent = nullptr);
    ~Service() override;

    // Connects and starts working; fails if the queue cannot be reached or its schema is unknown.
    [[nodiscard]] Result<void> start();

    // Safe to call from a signal handler: the change in hand is finished and recorded, then stopped() is
    // emitted.
    void requestStop() { m_stopRequested.store(true); }
    void stopWhenIdle();

signals:
    void stopped();

private:
    void scheduleWork();
    void work();
    [[nodiscard]] bool ensureQueue();
    void recover();
    [[nodiscard]] bool executeOne();
    // Retries with backoff, across a queue restart, for up to recordRetrySeconds; false when the queue
    // refused (the execution was taken over) or stayed away.
    [[nodiscard]] bool keepTrying(qint64 executionId, const std::function<Result<void>()> &write);
    void reviewPass(const std::atomic_bool &stop);
    void analysisPass(const std::atomic_bool &stop);
    void stopBackground();

    ServiceConfig m_config;
    QString m_instance;
    std::unique_ptr<QueueClient> m_queue;
    QueueListener *m_listener = nullptr;
    QTimer m_poll;
    QTimer m_kick;
    // Looks again for orphaned executions that could not be decided yet.
    QTimer m_recoverAgain;
    std::atomic_bool m_stopRequested{false};
    // How many statements the execution in hand has, once held (to take its lock again after a reconnection).
    int m_statements = 0;
    std::unique_ptr<QueueClient> m_reviewQueue;   // the review thread's
    std::unique_ptr<QueueClient> m_analysisQueue; // the analysis thread's
    std::unique_ptr<BackgroundLoop> m_reviews;
    std::unique_ptr<BackgroundLoop> m_analyses;
};

} // namespace sluice::model
