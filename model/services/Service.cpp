#include "services/Service.h"

#include "queue/QueueClient.h"
#include "queue/QueueListener.h"
#include "services/AnalysisWorker.h"
#include "services/BackgroundLoop.h"
#include "services/ExecutionRecovery.h"
#include "services/ReviewWorker.h"
#include "target/TargetExecutor.h"

#include <QElapsedTimer>
#include <QThread>

namespace sluice::model {
namespace {

// A refusal from the queue (a SQLSTATE) is final; a lost connection or a commit in doubt is worth a retry.
bool transient(const Error &e)
{
    return e.kind == Error::Kind::Connection || e.sqlState.isEmpty();
}

} // namespace

Service::Service(ServiceConfig config, QString instance, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_instance(std::move(instance))
{
    m_poll.setInterval(m_config.pollSeconds * 1000);
    connect(&m_poll, &QTimer::timeout, this, &Service::scheduleWork);
    m_kick.setSingleShot(true);
    m_kick.setInterval(0);
    connect(&m_kick, &QTimer::timeout, this, &Service::work);
    m_recoverAgain.setSingleShot(true);
    m_recoverAgain.setInterval(std::min(2, m_config.leaseSeconds) * 1000);
    connect(&m_recoverAgain, &QTimer::timeout, this, &Service::scheduleWork);
}

Service::~Service()
{
    requestStop();
    stopBackground();
}

Result<void> Service::start()
{
    auto queue = QueueClient::connect(m_config.queueConninfo);
    if (!queue)
        return queue.error();
    m_queue = std::move(*queue);
    if (!m_queue->identity().hasRole(QStringLiteral("sluice_service"))) {
        return Error{Error::Kind::Permission,
                     QStringLiteral("%1 is not a member of sluice_service; sluiced needs that role")
                         .arg(m_queue->identity().login),
                     {}};
    }
    qInfo("sluiced %s serving queue %s as %s for targets: %s", qPrintable(m_instance),
          qPrintable(m_queue->identity().database), qPrintable(m_queue->identity().login),
          qPrintable(QStringList(m_config.targets.keys()).join(QStringLiteral(", "))));
    m_listener = new QueueListener(m_config.queueConninfo, this);
    // An event says nothing about what happened (see QueueListener): any of them may mean new work.
    connect(m_listener, &QueueListener::notified, this, [this] { scheduleWork(); });
    connect(m_listener, &QueueListener::connectedChanged, this,
            [this](bool connected, const QString &reason) {
                if (connected) {
                    qInfo("listening for queue notifications");
                    scheduleWork(); // catch up on what happened while we were not listening
                } else {
                    qWarning("queue notifications lost (%s); retrying, polling every %d s meanwhile",
                             qPrintable(reason), m_config.pollSeconds);
                }
            });
    m_listener->start();
    m_reviews = std::make_unique<BackgroundLoop>(QStringLiteral("review"),
                                                 [this](const std::atomic_bool &stop) { reviewPass(stop); });
    m_reviews->start();
    if (!AnalysisWorker::enabledTargets(m_config).isEmpty()) {
        m_analyses = std::make_unique<BackgroundLoop>(
            QStringLiteral("analysis"), [this](const std::atomic_bool &stop) { analysisPass(stop); });
        m_analyses->start();
    }
    m_poll.start();
    scheduleWork();
    return {};
}

void Service::stopWhenIdle()
{
    requestStop();
    scheduleWork();
}

void Service::scheduleWork()
{
    if (!m_kick.isActive())
        m_kick.start();
}

bool Service::ensureQueue()
{
    if (m_queue)
        return true;
    auto queue = QueueClient::connect(m_config.queueConninfo);
    if (!queue) {
        qWarning("cannot reach the queue: %s", qPrintable(queue.error().message));
        return false;
    }
    m_queue = std::move(*queue);
    qInfo("reconnected to the queue");
    return true;
}

void Service::work()
{
    if (!m_stopRequested.load() && ensureQueue()) {
        recover();
        while (m_queue && !m_stopRequested.load() && executeOne()) {
        }
        m_reviews->wake();
        if (m_analyses)
            m_analyses->wake();
    }
    if (m_stopRequested.load()) {
        m_poll.stop();
        stopBackground();
        qInfo("stopping: nothing is in progress");
        emit stopped();
    }
}

void Service::stopBackground()
{
    if (m_reviews)
        m_reviews->stop();
    if (m_analyses)
        m_analyses->stop();
}

void Service::reviewPass(const std::atomic_bool &stop)
{
    if (!m_reviewQueue) {
        auto connected = QueueClient::connect(m_config.queueConninfo);
        if (!connected) {
            qWarning("reviews wait: cannot reach the queue: %s", qPrintable(connected.error().message));
            return; // the next wake (a notification or the poll) tries again
        }
        m_reviewQueue = std::move(*connected);
    }
    // The lease outlasts a review stopped at its budget, with room for storing it.
    ReviewWorker reviewer(*m_reviewQueue, m_config.reviewToml, m_instance,
                          m_config.reviewBudget.seconds * 3 + 30);
    std::function<void(const PendingReview &)> held;
    if (m_config.testHoldReviews) {
        held = [&stop](const PendingReview &revision) {
            qInfo("test hook: holding the review of revision %lld until sluiced stops", revision.revisionId);
            while (!stop.load())
                QThread::msleep(20);
        };
    }
    const auto reviewed = reviewer.reviewPending(&stop, held);
    if (!reviewed) {
        qWarning("review failed: %s", qPrintable(reviewed.error().message));
        if (reviewed.error().kind == Error::Kind::Connection)
            m_reviewQueue.reset();
    } else if (*reviewed > 0) {
        qInfo("stored %d review(s)", *reviewed);
    }
}

void Service::analysisPass(const std::atomic_bool &stop)
{
    if (!m_analysisQueue) {
        auto connected = QueueClient::connect(m_config.queueConninfo);
        if (!connected) {
            qWarning("analyses wait: cannot reach the queue: %s", qPrintable(connected.error().message));
            return;
        }
        m_analysisQueue = std::move(*connected);
    }
    AnalysisWorker analyser(*m_analysisQueue, m_config);
    const auto analysed = analyser.analysePending(&stop);
    if (!analysed) {
        qWarning("analysis failed: %s", qPrintable(analysed.error().message));
        if (analysed.error().kind == Error::Kind::Connection)
            m_analysisQueue.reset();
    } else if (*analysed > 0) {
        qInfo("stored %d analys%s", *analysed, *analysed == 1 ? "is" : "es");
    }
}

void Service::recover()
{
    ExecutionRecovery recovery(*m_queue, m_config, m_instance);
    bool waiting = false;
    const auto ended = recovery.recoverOrphans(&waiting);
    if (!ended) {
        qWarning("cannot look for interrupted executions: %s", qPrintable(ended.error().message));
        if (ended.error().kind == Error::Kind::Connection)
            m_queue.reset();
        waiting = true;
    }
    if (waiting && !m_recoverAgain.isActive())
        m_recoverAgain.start();
}

bool Service::keepTrying(qint64 executionId, const std::function<Result<void>()> &write)
{
    QElapsedTimer waited;
    waited.start();
    unsigned long delayMs = 250;
    for (;;) {
        if (m_queue) {
            const auto written = write();
            if (written)
                return true;
            if (!transient(written.error())) {
                qCritical("the queue refused the record of execution %lld: %s", executionId,
                          qPrintable(written.error().message));
                return false;
            }
            qWarning("cannot record execution %lld: %s; retrying", executionId,
                     qPrintable(written.error().message));
            m_queue.reset();
        }
        if (waited.elapsed() >= qint64(m_config.recordRetrySeconds) * 1000) {
            qCritical("gave up recording execution %lld after %d s without the queue", executionId,
                      m_config.recordRetrySeconds);
            return false;
        }
        QThread::msleep(delayMs);
        delayMs = std::min(delayMs * 2, 5000UL);
        if (!ensureQueue())
            continue;
        // A new session: take the runner's lock again before writing, unless the execution is not held yet.
        if (m_statements > 0) {
            const auto held = m_queue->holdExecution(executionId, m_statements);
            if (!held) {
                if (!transient(held.error())) {
                    qCritical("execution %lld cannot be taken again: %s", executionId,
                              qPrintable(held.error().message));
                    return false;
                }
                m_queue.reset();
            }
        }
    }
}

bool Service::executeOne()
{
    auto claimed = m_queue->claimExecution(m_instance, m_config.targets.keys());
    if (!claimed) {
        qWarning("cannot claim work: %s", qPrintable(claimed.error().message));
        if (claimed.error().kind == Error::Kind::Connection)
            m_queue.reset();
        return false;
    }
    if (!claimed->has_value())
        return false;
    const auto &work = **claimed;
    qInfo("executing change %lld revision %d on %s (execution %lld)", work.changeId, work.revision,
          qPrintable(work.target), work.executionId);
    m_statements = 0;
    ExecutionJournal journal;
    journal.start = [&](int statements) -> std::optional<int> {
        std::optional<int> resume;
        const bool held = keepTrying(work.executionId, [&]() -> Result<void> {
            auto r = m_queue->holdExecution(work.executionId, statements);
            if (!r)
                return r.error();
            resume = *r;
            return {};
        });
        if (!held)
            return std::nullopt;
        m_statements = statements;
        if (*resume > 1)
            qInfo("execution %lld resumes at statement %d: the ones before it ran in an earlier execution",
                  work.executionId, *resume);
        return resume;
    };
    journal.record = [&](const QList<ExecutionStep> &steps) {
        return keepTrying(work.executionId, [&] { return m_queue->recordSteps(work.executionId, steps); });
    };
    if (m_config.testPauseAfterStatement >= 0) {
        const int pauseAt = m_config.testPauseAfterStatement;
        journal.boundary = [pauseAt, id = work.executionId](int ordinal) {
            if (ordinal != pauseAt)
                return;
            qInfo("test hook: paused after statement %d of execution %lld", ordinal, id);
            for (;;)
                QThread::sleep(60);
        };
    }
    const auto result =
        TargetExecutor::run(m_config.targets.value(work.target), work.sql, work.approvedSha256,
                            m_config.execution, work.executionId, journal);
    const auto leave = [&](const QString &why) {
        qCritical("execution %lld of change %lld: %s; the recovery decides from the target what ran",
                  work.executionId, work.changeId, qPrintable(why));
        // Closing the session releases the runner's lock, so the recovery can take the execution over.
        m_queue.reset();
        m_statements = 0;
        if (!m_recoverAgain.isActive())
            m_recoverAgain.start();
        return false;
    };
    if (!result.settled)
        return leave(result.error);
    if (!keepTrying(work.executionId, [&] {
            return m_queue->finishExecution(work.executionId, result.succeeded, result.error);
        }))
        return leave(QStringLiteral("the end could not be recorded"));
    m_statements = 0;
    if (result.succeeded)
        qInfo("change %lld done", work.changeId);
    else
        qWarning("change %lld failed: %s", work.changeId, qPrintable(result.error));
    return true;
}

} // namespace sluice::model
