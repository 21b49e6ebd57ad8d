// The console's live path, measured: time from an agent's submit committing to the row being in the console's
// queue model (LISTEN/NOTIFY -> refresh -> model), and the time to load a large queue into the model.
//
//   console_bench AGENT_CONNINFO DBA_CONNINFO [SAMPLES]

#include "items/ChangeListModel.h"
#include "items/QueueSession.h"
#include "queue/QueueClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace sluice::model;

namespace {

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: console_bench AGENT_CONNINFO DBA_CONNINFO [SAMPLES]\n");
        return 2;
    }
    const QString agentInfo = QString::fromLocal8Bit(argv[1]), dbaInfo = QString::fromLocal8Bit(argv[2]);
    const int samples = argc > 3 ? std::atoi(argv[3]) : 50;
    auto agent = QueueClient::connect(agentInfo);
    if (!agent) {
        std::fprintf(stderr, "console_bench: %s\n", qPrintable(agent.error().message));
        return 1;
    }

    QueueSession session(dbaInfo);
    ChangeListModel model;
    QElapsedTimer loadTimer;
    bool firstLoad = true;
    std::vector<double> latencies;
    ChangeId waitingFor = 0;
    QElapsedTimer since;

    auto submitNext = [&] {
        if (int(latencies.size()) == samples) {
            std::printf("queue of %d changes; submit -> row in the console model over %d submits: "
                        "median %.1f ms, p95 %.1f ms, max %.1f ms\n",
                        model.rowCount(), samples, percentile(latencies, 0.5), percentile(latencies, 0.95),
                        percentile(latencies, 1.0));
            QCoreApplication::quit();
            return;
        }
        since.start();
        const auto id =
            agent.value()->submit({QStringLiteral("shop"),
                                   QStringLiteral("bench change"),
                                   {},
                                   {},
                                   "set lock_timeout = '2s';\nalter table t add column c int;\n"});
        if (!id) {
            std::fprintf(stderr, "console_bench: %s\n", qPrintable(id.error().message));
            QCoreApplication::exit(1);
            return;
        }
        waitingFor = *id;
    };

    QObject::connect(&session, &QueueSession::openFailed, [](const QString &m) {
        std::fprintf(stderr, "console_bench: %s\n", qPrintable(m));
        QCoreApplication::exit(1);
    });
    QObject::connect(&session, &QueueSession::changesLoaded, [&](const QList<ChangeSummary> &changes) {
        model.setChanges(changes);
        if (firstLoad) {
            firstLoad = false;
            std::printf("initial load: %d changes into the model in %lld ms\n", model.rowCount(),
                        loadTimer.elapsed());
            return;
        }
        if (waitingFor != 0 && model.rowOf(waitingFor) >= 0) {
            latencies.push_back(double(since.nsecsElapsed()) / 1e6);
            waitingFor = 0;
            QTimer::singleShot(20, submitNext);
        }
    });
    QObject::connect(&session, &QueueSession::changeUpdated, [&](const ChangeSummary &change) {
        model.upsert(change);
        if (waitingFor != 0 && change.id == waitingFor) {
            latencies.push_back(double(since.nsecsElapsed()) / 1e6);
            waitingFor = 0;
            QTimer::singleShot(20, submitNext);
        }
    });
    QObject::connect(&session, &QueueSession::liveChanged, [&](bool live) {
        if (live && latencies.empty() && waitingFor == 0)
            QTimer::singleShot(200, submitNext);
    });
    loadTimer.start();
    session.open();
    return app.exec();
}
