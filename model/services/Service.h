#pragma once

#include "queue/Result.h"
#include "services/ServiceConfig.h"

#include <QObject>
#include <QTimer>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

class QThread;

namespace sluice::model {

class QueueClient;
class QueueListener;

// What sluiced does: reviews new revisions and executes approved changes on the targets it holds credentials
// for. It wakes on NOTIFY, with a slow safety poll; any number of instances may serve one queue. Analyses run
// on a thread of their own with its own queue connection: a dry run on a shadow database can take minutes,
// and neither an approved change (a rollback at 2am) nor a new revision's review waits for it.
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
    [[nodiscard]] bool executeOne();
    // The analysis thread: wakes it to look for pending revisions; stops it after the revision in hand.
    void wakeAnalysis();
    void stopAnalysis();
    void analysisLoop();

    ServiceConfig m_config;
    QString m_instance;
    std::unique_ptr<QueueClient> m_queue;
    QueueListener *m_listener = nullptr;
    QTimer m_poll;
    QTimer m_kick;
    std::atomic_bool m_stopRequested{false};
    std::unique_ptr<QThread> m_analysis;
    std::mutex m_analysisMutex;
    std::condition_variable m_analysisWake;
    bool m_analysisAsked = false; // guarded by m_analysisMutex
};

} // namespace sluice::model
