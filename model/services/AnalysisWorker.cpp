#include "services/AnalysisWorker.h"

#include "queue/Pg.h"
#include "queue/QueueClient.h"
#include "review/BlastRadius.h"
#include "review/Engine.h"
#include "review/PriorDefinitions.h"
#include "review/Rollback.h"
#include "review/SchemaDiff.h"
#include "services/AnalysisJson.h"
#include "services/FindingJson.h"
#include "target/CatalogReader.h"
#include "target/DataProbes.h"
#include "target/DefinitionReader.h"
#include "target/DmlEstimate.h"
#include "target/SchemaSnapshot.h"
#include "target/Shadow.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QScopeGuard>
#include <algorithm>
#include <future>
#include <regex>
#include <tuple>

namespace sluice::model {
namespace {

constexpr int kBatch = 20;

// Milliseconds since `timer` started.
double millisecondsOf(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// Runs `work` on its own thread and writes how long it took to `ms`, to be read after the future's get().
template <class Work> auto timedAsync(double &ms, Work work)
{
    return std::async(std::launch::async, [&ms, work = std::move(work)] {
        QElapsedTimer clock;
        clock.start();
        auto result = work();
        ms = millisecondsOf(clock);
        return result;
    });
}

std::string sentence(const QString &what, const Error &error)
{
    return (what + QStringLiteral(": ") + error.message).toStdString();
}

// What the round trip left different, one sentence per object.
QStringList residualDifferences(const review::SchemaSnapshot &before, const review::SchemaSnapshot &after)
{
    QStringList residual;
    for (const auto &change : review::diffSchemas(before, after)) {
        const auto object = QString::fromStdString(change.kind + " " + change.object);
        switch (change.change) {
        case review::SchemaChange::Kind::Added:
            residual << QStringLiteral("%1 is left behind by the migration and its rollback").arg(object);
            break;
        case review::SchemaChange::Kind::Removed:
            residual << QStringLiteral("%1 is not brought back by the rollback").arg(object);
            break;
        case review::SchemaChange::Kind::Changed:
            residual << QStringLiteral("%1 differs after the rollback: was \"%2\", is \"%3\"")
                            .arg(object, QString::fromStdString(change.before),
                                 QString::fromStdString(change.after));
            break;
        }
    }
    return residual;
}

// Where the target's shadow lives: built from the target under its read-only login.
ShadowSettings shadowSettingsFor(const AnalysisWorker::Target &target)
{
    ShadowSettings settings;
    settings.targetConninfo = target.readonlyConninfo;
    settings.serverConninfo = target.settings.shadowServerConninfo;
    settings.database = target.settings.shadowDatabase.isEmpty() ? shadowDatabaseName(target.name)
                                                                 : target.settings.shadowDatabase;
    return settings;
}

// The snapshot with columns' positions left out ("text (attnum 5)" -> "text").
review::SchemaSnapshot withoutColumnOrder(const review::SchemaSnapshot &snapshot)
{
    static const std::regex attnum(R"( \(attnum \d+\))");
    review::SchemaSnapshot out;
    for (const auto &[key, definition] : snapshot)
        out.emplace(key,
                    key.rfind("column ", 0) == 0 ? std::regex_replace(definition, attnum, "") : definition);
    return out;
}

} // namespace

AnalysisWorker::AnalysisWorker(QueueClient &queue, const ServiceConfig &config)
    : m_queue(queue), m_config(config)
{
}

QString AnalysisWorker::analyzerVersion()
{
    // The review engine's version plus the analysis pipeline's own revision: a new analyzer re-analyses.
    return QString::fromStdString(review::engineVersion()) + QStringLiteral("+a3");
}

QJsonObject AnalysisWorker::analyse(const QByteArray &sql, const Target &target, const QString &backupPrefix)
{
    QElapsedTimer timer;
    timer.start();
    // How long each step took, in the document, so the slowest one is visible. The reads on the target run
    // while the shadow works: their times overlap the shadow's.
    QJsonObject steps;
    const auto timed = [&steps](const char *step, auto &&work) {
        QElapsedTimer clock;
        clock.start();
        work();
        steps.insert(QLatin1String(step),
                     steps.value(QLatin1String(step)).toDouble() + millisecondsOf(clock));
    };
    const auto script = review::parseScript(std::string_view(sql.constData(), std::size_t(sql.size())));
    std::vector<std::string> unknowns;

    // 1. Catalog facts of what the migration touches, from the target under its read-only login.
    const auto touched = review::touchedObjects(script);
    std::vector<std::string> relations;
    for (const auto &relation : touched.relations)
        relations.push_back(relation.key());
    CatalogReadSettings catalogSettings;
    catalogSettings.writeSampleMs = 300;
    for (const auto &tag : target.tags) {
        if (tag.column.isEmpty())
            catalogSettings.tableTags[tag.relation.toStdString()].insert(tag.tag.toStdString());
        else
            catalogSettings.columnTags[(tag.relation + QLatin1Char('.') + tag.column).toStdString()].insert(
                tag.tag.toStdString());
    }
    // The reads on the target (catalog facts, EXPLAIN, data probes) run on their own connections while the
    // shadow works: none needs another's result.
    const std::string_view text(sql.constData(), std::size_t(sql.size()));
    double catalogMs = 0, explainMs = 0, probesMs = 0; // each written by its task, read after its get()
    auto catalogRead = timedAsync(
        catalogMs, [&] { return CatalogReader::read(target.readonlyConninfo, relations, catalogSettings); });
    auto estimated =
        timedAsync(explainMs, [&] { return estimateDmlRows(target.readonlyConninfo, sql, script); });
    auto probed =
        timedAsync(probesMs, [&] { return DataProbes::run(target.readonlyConninfo, text, script); });
    review::CatalogFacts catalog;
    if (target.throughput) {
        catalog.rewriteBytesPerSecond = target.throughput->rewriteBytesPerSecond;
        catalog.scanBytesPerSecond = target.throughput->scanBytesPerSecond;
        catalog.indexBuildBytesPerSecond = target.throughput->indexBytesPerSecond;
    } else {
        unknowns.push_back("the throughput of " + target.name.toStdString() +
                           "'s server has not been measured yet, so durations are unknown");
    }

    // 2. The dry run on the shadow: trace, snapshots, rollback plan and its round trip, in one transaction.
    Shadow shadow(shadowSettingsFor(target));
    std::vector<review::StatementTrace> traces;
    review::SchemaSnapshot before, after;
    review::PriorDefinitions prior;
    review::RollbackPlan plan;
    bool planned = false;
    QJsonValue verified; // null: not verified
    QString verification;
    QStringList residual;
    QElapsedTimer preparing;
    preparing.start();
    const auto fingerprint = shadow.targetFingerprint();
    auto ready = fingerprint ? shadow.ensure(*fingerprint) : Result<bool>(fingerprint.error());
    steps.insert(QLatin1String("shadow_preparation"), millisecondsOf(preparing));
    if (!ready) {
        unknowns.push_back(sentence(QStringLiteral("the shadow of %1").arg(target.name), ready.error()));
        verification = QStringLiteral("not verified: there is no shadow (%1)").arg(ready.error().message);
    } else {
        ShadowHooks hooks;
        hooks.before = [&](pqxx::work &tx) {
            timed("snapshot_before", [&] {
                if (auto snapshot = readSchemaSnapshot(tx))
                    before = std::move(*snapshot);
                else
                    unknowns.push_back(sentence(QStringLiteral("schema snapshot before"), snapshot.error()));
            });
            QElapsedTimer planning;
            planning.start();
            if (auto definitions = readPriorDefinitions(tx, touched)) {
                prior = std::move(*definitions);
                plan =
                    review::planRollback(script, std::string_view(sql.constData(), std::size_t(sql.size())),
                                         prior, {backupPrefix.toStdString()});
                planned = true;
            } else {
                unknowns.push_back(
                    sentence(QStringLiteral("definitions for the rollback"), definitions.error()));
            }
            steps.insert(QLatin1String("rollback_plan"), millisecondsOf(planning));
        };
        hooks.beforeStatement = [&](pqxx::work &tx, std::size_t index) {
            if (!planned)
                return false;
            const auto backup = plan.backupBefore(index + 1);
            if (backup.empty())
                return false;
            timed("backups", [&] {
                try {
                    pqxx::subtransaction step(tx, "sluice_backup");
                    step.exec(backup);
                    step.commit();
                } catch (const pqxx::sql_error &e) {
                    unknowns.push_back("the pre-image backup before statement " + std::to_string(index + 1) +
                                       " failed on the shadow: " + pg::errorFrom(e).message.toStdString());
                }
            });
            return true;
        };
        hooks.after = [&](pqxx::work &tx, const std::vector<review::StatementTrace> &ran) {
            timed("snapshot_after", [&] {
                if (auto snapshot = readSchemaSnapshot(tx))
                    after = std::move(*snapshot);
                else
                    unknowns.push_back(sentence(QStringLiteral("schema snapshot after"), snapshot.error()));
            });
            QElapsedTimer roundTrip;
            roundTrip.start();
            const auto timeRoundTrip =
                qScopeGuard([&] { steps.insert(QLatin1String("round_trip"), millisecondsOf(roundTrip)); });
            if (!planned) {
                verification =
                    QStringLiteral("not verified: the definitions the rollback needs could not be read");
                return;
            }
            // The round trip needs the whole migration to have run on the shadow.
            for (std::size_t i = 0; i < ran.size(); ++i) {
                if (ran[i].source == review::StatementTrace::Source::Failed) {
                    verification =
                        QStringLiteral("not verified: statement %1 failed on the shadow (%2), so the "
                                       "round trip could not run")
                            .arg(i + 1)
                            .arg(QString::fromStdString(ran[i].error));
                    return;
                }
            }
            try {
                pqxx::subtransaction step(tx, "sluice_rollback");
                step.exec(plan.sql());
                step.commit();
            } catch (const pqxx::sql_error &e) {
                verified = false;
                verification =
                    QStringLiteral("the rollback failed on the shadow: %1").arg(pg::errorFrom(e).message);
                return;
            }
            if (auto snapshot = readSchemaSnapshot(tx)) {
                residual = residualDifferences(before, *snapshot);
                // A column dropped and added back comes back last: the same schema but for column order,
                // which no query that names its columns notices. That counts as verified, with the order
                // listed.
                const bool onlyOrder =
                    !residual.isEmpty() && withoutColumnOrder(before) == withoutColumnOrder(*snapshot);
                verified = residual.isEmpty() || onlyOrder;
                if (residual.isEmpty())
                    verification =
                        QStringLiteral("verified: on the shadow, the schema after the migration and "
                                       "its rollback equals the schema before");
                else if (onlyOrder)
                    verification =
                        QStringLiteral("verified: on the shadow, the schema after the migration and "
                                       "its rollback equals the schema before but for column order");
                else
                    verification = QStringLiteral("the round trip on the shadow left %1 difference(s)")
                                       .arg(residual.size());
            } else {
                verification = QStringLiteral("not verified: %1").arg(snapshot.error().message);
            }
        };
        QElapsedTimer dryRun;
        dryRun.start();
        auto run = shadow.dryRun(script, sql, hooks);
        // The statements and their traces: the dry run less the hooks' work inside it.
        double hooksMs = 0;
        for (const char *step :
             {"snapshot_before", "rollback_plan", "backups", "snapshot_after", "round_trip"})
            hooksMs += steps.value(QLatin1String(step)).toDouble();
        steps.insert(QLatin1String("dry_run"), millisecondsOf(dryRun) - hooksMs);
        if (!run)
            unknowns.push_back(sentence(QStringLiteral("the dry run on the shadow"), run.error()));
        else
            traces = std::move(run->traces);
    }
    if (!planned) {
        // No shadow: plan from the target's own definitions, read-only.
        auto definitions = pg::guarded([&]() -> Result<review::PriorDefinitions> {
            auto conn = pg::connect(target.readonlyConninfo);
            if (!conn)
                return conn.error();
            pqxx::read_transaction tx(**conn);
            return readPriorDefinitions(tx, touched);
        });
        if (definitions) {
            prior = std::move(*definitions);
            plan = review::planRollback(script, std::string_view(sql.constData(), std::size_t(sql.size())),
                                        prior, {backupPrefix.toStdString()});
            planned = true;
        }
    }
    if (verification.isEmpty())
        verification = QStringLiteral("not verified: the migration could not run on the shadow");

    QElapsedTimer waiting;
    waiting.start();
    auto facts = catalogRead.get();
    steps.insert(QLatin1String("catalog_read"), catalogMs);
    if (facts) {
        const auto measured = std::make_tuple(catalog.rewriteBytesPerSecond, catalog.scanBytesPerSecond,
                                              catalog.indexBuildBytesPerSecond);
        catalog = std::move(*facts);
        std::tie(catalog.rewriteBytesPerSecond, catalog.scanBytesPerSecond,
                 catalog.indexBuildBytesPerSecond) = measured;
    } else {
        unknowns.push_back(sentence(QStringLiteral("catalog facts of %1").arg(target.name), facts.error()));
    }

    // 3. Rows the data changes touch, from EXPLAIN on the target.
    auto estimates = estimated.get();
    steps.insert(QLatin1String("explain"), explainMs);
    if (estimates) {
        if (traces.size() < script.statements.size())
            traces.resize(script.statements.size());
        for (const auto &[index, rows] : estimates->rows)
            traces[index].rows = rows;
        for (const auto &[index, error] : estimates->errors)
            unknowns.push_back("rows changed by statement " + std::to_string(index + 1) + ": " + error);
    } else {
        unknowns.push_back(sentence(QStringLiteral("EXPLAIN on %1").arg(target.name), estimates.error()));
    }

    // 4. Data probes on the target.
    std::vector<review::Finding> probes;
    auto found = probed.get();
    steps.insert(QLatin1String("data_probes"), probesMs);
    // Time the target's reads kept the analysis waiting after the shadow was done.
    steps.insert(QLatin1String("waiting_for_target_reads"), millisecondsOf(waiting));
    if (found)
        probes = std::move(*found);
    else
        unknowns.push_back(sentence(QStringLiteral("data probes on %1").arg(target.name), found.error()));

    // 5. The catalog-aware rules, now with the target's facts: what they find beyond the plain review.
    timed("catalog_aware_review", [&] {
        const auto plain = review::lint(text, target.reviewConfig);
        const auto informed = review::lint(text, target.reviewConfig, &catalog);
        for (const auto &finding : informed.findings) {
            const bool known = std::any_of(plain.findings.begin(), plain.findings.end(), [&](const auto &f) {
                return f.ruleId == finding.ruleId && f.range.begin == finding.range.begin &&
                       f.message == finding.message && f.severity == finding.severity;
            });
            if (!known)
                probes.push_back(finding);
        }
    });

    // 6. Blast radius and risk.
    catalog.unknowns.insert(catalog.unknowns.end(), unknowns.begin(), unknowns.end());
    review::BlastRadius blast;
    timed("blast_radius", [&] { blast = review::computeBlastRadius(script, traces, catalog); });

    AnalysisParts parts{script,
                        sql,
                        blast,
                        catalog,
                        planned ? &plan : nullptr,
                        verified,
                        verification,
                        residual,
                        review::diffSchemas(before, after),
                        probes};
    auto document = analysisToJson(parts);
    document.insert(QStringLiteral("target"), target.name);
    document.insert(QStringLiteral("analysed_at"),
                    QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    document.insert(QStringLiteral("analyzer_version"), analyzerVersion());
    document.insert(QStringLiteral("milliseconds"), millisecondsOf(timer));
    document.insert(QStringLiteral("step_milliseconds"), steps);
    return document;
}

QStringList AnalysisWorker::enabledTargets(const ServiceConfig &config)
{
    QStringList targets;
    for (auto it = config.analysis.cbegin(); it != config.analysis.cend(); ++it) {
        if (it->enabled)
            targets << it.key();
    }
    return targets;
}

Result<int> AnalysisWorker::analysePending(const std::atomic_bool *stop)
{
    const auto targets = enabledTargets(m_config);
    if (targets.isEmpty())
        return 0;
    int stored = 0;
    for (;;) {
        auto pending = m_queue.pendingAnalyses(analyzerVersion(), targets, kBatch);
        if (!pending)
            return pending.error();
        for (const auto &revision : *pending) {
            if (stop && stop->load())
                return stored;
            Target target;
            target.name = revision.target;
            target.settings = m_config.analysis.value(revision.target);
            target.readonlyConninfo = target.settings.readonlyConninfo;
            std::string configError; // the configuration was checked when sluiced started
            target.reviewConfig = review::Config::fromToml(
                std::string_view(m_config.reviewToml.constData(), std::size_t(m_config.reviewToml.size())),
                revision.environment.toStdString(), &configError);
            if (auto tags = m_queue.tags(revision.target))
                target.tags = *tags;
            if (auto measured = m_queue.throughput(revision.target); measured && *measured) {
                target.throughput = **measured;
            } else {
                Shadow shadow(shadowSettingsFor(target));
                const auto fingerprint = shadow.targetFingerprint();
                if (fingerprint && shadow.ensure(*fingerprint)) {
                    if (auto server = shadow.measureThroughput()) {
                        const Throughput t{server->rewrite, server->scan, server->index,
                                           server->serverVersion};
                        if (m_queue.storeThroughput(revision.target, t))
                            target.throughput = t;
                        qInfo(
                            "measured %s's server: rewrite %.0f MB/s, scan %.0f MB/s, index build %.0f MB/s",
                            qPrintable(revision.target), t.rewriteBytesPerSecond / 1e6,
                            t.scanBytesPerSecond / 1e6, t.indexBytesPerSecond / 1e6);
                    }
                }
            }
            const auto document =
                analyse(revision.sql, target,
                        QStringLiteral("c%1_r%2_").arg(revision.changeId).arg(revision.revision));
            const auto risk =
                document.value(QLatin1String("risk")).toObject().value(QLatin1String("level")).toString();
            auto result = m_queue.storeAnalysis(revision, analyzerVersion(), risk, document);
            if (!result)
                return result.error();
            stored += *result ? 1 : 0;
        }
        if (pending->size() < kBatch)
            return stored;
    }
}

} // namespace sluice::model
