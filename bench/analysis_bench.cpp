// Latency of a full analysis (lint, catalog facts, shadow trace, rollback with round trip, schema diff,
// EXPLAIN, data probes, blast radius) of one migration against a target, the way sluiced runs it for each
// revision.
//   analysis_bench TARGET_CONNINFO SERVER_CONNINFO MIGRATION.sql RUNS
// The first run builds the shadow (pg_dump --schema-only of the target) and is reported apart; the median is
// over the runs after it, when the shadow is reused as sluiced reuses it until the target's schema changes.

#include "review/Engine.h"
#include "services/AnalysisWorker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

using namespace sluice;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 5) {
        std::fprintf(stderr, "usage: analysis_bench TARGET_CONNINFO SERVER_CONNINFO MIGRATION.sql RUNS\n");
        return 2;
    }
    QFile file(QString::fromLocal8Bit(argv[3]));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", argv[3]);
        return 2;
    }
    const auto sql = file.readAll();
    const int runs = std::max(1, std::atoi(argv[4]));

    model::AnalysisWorker::Target target;
    target.name = QStringLiteral("bench");
    target.readonlyConninfo = QString::fromLocal8Bit(argv[1]);
    target.settings.readonlyConninfo = target.readonlyConninfo;
    target.settings.shadowServerConninfo = QString::fromLocal8Bit(argv[2]);
    target.settings.shadowDatabase = QStringLiteral("analysis_bench_shadow");
    target.throughput = model::Throughput{100e6, 400e6, 60e6, QStringLiteral("15")};

    std::vector<double> millis;
    std::map<QString, std::vector<double>> stepMillis; // per step, over the runs after the first
    QJsonObject last;
    for (int i = 0; i <= runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        const auto lint = review::lint(std::string_view(sql.constData(), std::size_t(sql.size())));
        last = model::AnalysisWorker::analyse(sql, target);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (i == 0)
            std::printf("first run (builds the shadow): %.0f ms, %zu findings\n", ms, lint.findings.size());
        else
            millis.push_back(ms);
        if (i == 0)
            continue;
        const auto steps = last.value(QLatin1String("step_milliseconds")).toObject();
        for (auto it = steps.begin(); it != steps.end(); ++it)
            stepMillis[it.key()].push_back(it.value().toDouble());
    }
    std::sort(millis.begin(), millis.end());
    const auto statements = last.value(QLatin1String("statements")).toArray().size();
    const auto verified = last.value(QLatin1String("rollback")).toObject().value(QLatin1String("verified"));
    std::printf("full analysis of %lld statements, %d runs: median %.0f ms, min %.0f ms, max %.0f ms\n",
                static_cast<long long>(statements), runs, millis[millis.size() / 2], millis.front(),
                millis.back());
    std::printf("median per step (the target's reads overlap the shadow's work):\n");
    for (auto &[step, values] : stepMillis) {
        std::sort(values.begin(), values.end());
        std::printf("  %-26s %7.1f ms\n", qPrintable(step), values[values.size() / 2]);
    }
    std::printf(
        "risk %s, rollback %s, %lld diff entries, %lld unknowns\n",
        qPrintable(last.value(QLatin1String("risk")).toObject().value(QLatin1String("level")).toString()),
        verified.isNull() ? "not verified" : (verified.toBool() ? "verified" : "NOT equal"),
        static_cast<long long>(last.value(QLatin1String("diff")).toArray().size()),
        static_cast<long long>(last.value(QLatin1String("unknowns")).toArray().size()));
    for (const auto &u : last.value(QLatin1String("unknowns")).toArray())
        std::printf("  unknown: %s\n", qPrintable(u.toString()));
    std::printf("  rollback: %s\n", qPrintable(last.value(QLatin1String("rollback"))
                                                   .toObject()
                                                   .value(QLatin1String("verification"))
                                                   .toString()));
    return 0;
}
