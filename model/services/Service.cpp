#include "services/Service.h"

#include "queue/QueueClient.h"
#include "queue/QueueListener.h"
#include "services/AnalysisWorker.h"
#include "services/ReviewWorker.h"
#include "target/TargetExecutor.h"

#include <QThread>

namespace sluice::model {

Service::Service(ServiceConfig config, QString instance, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_instance(std::move(instance))
{
    m_poll.setInterval(m_config.pollSeconds * 1000);
    connect(&m_poll, &QTimer::timeout, this, &Service::scheduleWork);
    m_kick.setSingleShot(true);
    m_kick.setInterval(0);
    connect(&m_kick, &QTimer::timeout, this, &Service::work);
}

Service::~Service()
{
    requestStop();
    stopAnalysis();
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
    if (!AnalysisWorker::enabledTargets(m_config).isEmpty()) {
        m_analysis.reset(QThread::create([this] { analysisLoop(); }));
        m_analysis->setObjectName(QStringLiteral("analysis"));
        m_analysis->start();
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
        ReviewWorker reviewer(*m_queue, m_config.reviewToml);
        const auto reviewed = reviewer.reviewPending();
        if (!reviewed) {
            qWarning("review failed: %s", qPrintable(reviewed.error().message));
            if (reviewed.error().kind == Error::Kind::Connection)
                m_queue.reset();
        } else if (*reviewed > 0) {
            qInfo("stored %d review(s)", *reviewed);
        }
        while (m_queue && !m_stopRequested.load() && executeOne()) {
        }
        wakeAnalysis();
    }
    if (m_stopRequested.load()) {
        m_poll.stop();
        stopAnalysis();
        qInfo("stopping: nothing is in progress");
        emit stopped();
    }
}

void Service::wakeAnalysis()
{
    {
        const std::lock_guard lock(m_analysisMutex);
        m_analysisAsked = true;
    }
    m_analysisWake.notify_one();
}

void Service::stopAnalysis()
{
    if (!m_analysis)
        return;
    {
        // Under the mutex, so that the thread cannot miss it between its check and its wait.
        const std::lock_guard lock(m_analysisMutex);
        m_stopRequested.store(true);
    }
    m_analysisWake.notify_one();
    m_analysis->wait();
    m_analysis.reset();
}

void Service::analysisLoop()
{
    std::unique_ptr<QueueClient> queue;
    for (;;) {
        {
            std::unique_lock lock(m_analysisMutex);
            m_analysisWake.wait(lock, [this] { return m_analysisAsked || m_stopRequested.load(); });
            if (m_stopRequested.load())
                return;
            m_analysisAsked = false;
        }
        if (!queue) {
            auto connected = QueueClient::connect(m_config.queueConninfo);
            if (!connected) {
                qWarning("analyses wait: cannot reach the queue: %s", qPrintable(connected.error().message));
                continue; // the next wake (a notification or the poll) tries again
            }
            queue = std::move(*connected);
        }
        AnalysisWorker analyser(*queue, m_config);
        const auto analysed = analyser.analysePending(&m_stopRequested);
        if (!analysed) {
            qWarning("analysis failed: %s", qPrintable(analysed.error().message));
            if (analysed.error().kind == Error::Kind::Connection)
                queue.reset();
        } else if (*analysed > 0) {
            qInfo("stored %d analys%s", *analysed, *analysed == 1 ? "is" : "es");
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
    const auto result = TargetExecutor::run(m_config.targets.value(work.target), work.sql,
                                            work.approvedSha256, m_config.execution);
    // What ran on the target is recorded even if the queue went away meanwhile: retry on a fresh connection.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (attempt > 0) {
            m_queue.reset();
            if (!ensureQueue())
                break;
        }
        bool recorded = true;
        for (const auto &step : result.steps) {
            if (auto r = m_queue->recordStep(work.executionId, step); !r) {
                recorded = false;
                qWarning("cannot record statement %d of execution %lld: %s", step.ordinal, work.executionId,
                         qPrintable(r.error().message));
                break;
            }
        }
        if (recorded) {
            if (auto r = m_queue->finishExecution(work.executionId, result.succeeded, result.error); r) {
                if (result.succeeded)
                    qInfo("change %lld done", work.changeId);
                else
                    qWarning("change %lld failed: %s", work.changeId, qPrintable(result.error));
                return true;
            } else {
                qWarning("cannot record the end of execution %lld: %s", work.executionId,
                         qPrintable(r.error().message));
            }
        }
    }
    qCritical("execution %lld of change %lld ran but could not be recorded; it stays 'executing' for a human "
              "to check",
              work.executionId, work.changeId);
    return false;
}

} // namespace sluice::model
