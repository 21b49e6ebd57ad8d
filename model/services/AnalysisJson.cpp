#include "services/AnalysisJson.h"

#include "services/FindingJson.h"

#include <QJsonArray>

namespace sluice::model {
namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

template <class T> QJsonValue optional(const std::optional<T> &value)
{
    return value ? QJsonValue(double(*value)) : QJsonValue();
}

QJsonValue optionalInt(const std::optional<std::int64_t> &value)
{
    return value ? QJsonValue(qint64(*value)) : QJsonValue();
}

QJsonArray strings(const std::vector<std::string> &list)
{
    QJsonArray array;
    for (const auto &s : list)
        array.append(qs(s));
    return array;
}

QString sourceName(review::StatementTrace::Source source)
{
    switch (source) {
    case review::StatementTrace::Source::Shadow:
        return QStringLiteral("shadow");
    case review::StatementTrace::Source::Static:
        return QStringLiteral("static");
    case review::StatementTrace::Source::Failed:
        return QStringLiteral("failed");
    case review::StatementTrace::Source::NotRun:
        break;
    }
    return QStringLiteral("not_run");
}

QJsonObject sessionJson(const review::CatalogFacts::Session &s)
{
    return {{QStringLiteral("pid"), s.pid},
            {QStringLiteral("user"), qs(s.user)},
            {QStringLiteral("application"), qs(s.application)},
            {QStringLiteral("state"), qs(s.state)},
            {QStringLiteral("lock"), qs(s.lockMode)},
            {QStringLiteral("granted"), s.granted},
            {QStringLiteral("transaction_seconds"), s.transactionSeconds},
            {QStringLiteral("query"), qs(s.query)}};
}

QJsonObject relationJson(const review::BlastRadius::Relation &r)
{
    QJsonArray sessions;
    for (const auto &s : r.sessions)
        sessions.append(sessionJson(s));
    return {{QStringLiteral("name"), qs(r.name)},
            {QStringLiteral("lock"), r.lock.empty() ? QJsonValue() : QJsonValue(qs(r.lock))},
            {QStringLiteral("blocks"), qs(r.blocks)},
            {QStringLiteral("observed"), r.observed},
            {QStringLiteral("new"), r.isNew},
            {QStringLiteral("rewrite"), r.rewrite},
            {QStringLiteral("scan"), r.scan},
            {QStringLiteral("index_build"), r.indexBuild},
            {QStringLiteral("rows"), optionalInt(r.rows)},
            {QStringLiteral("bytes"), optionalInt(r.bytes)},
            {QStringLiteral("seconds_low"), optional(r.secondsLow)},
            {QStringLiteral("seconds_high"), optional(r.secondsHigh)},
            {QStringLiteral("lock_wait_seconds"), optional(r.lockWaitSeconds)},
            {QStringLiteral("queued_writes_low"), optional(r.queuedWritesLow)},
            {QStringLiteral("queued_writes_high"), optional(r.queuedWritesHigh)},
            {QStringLiteral("dependents"), strings(r.dependents)},
            {QStringLiteral("tags"), strings(r.tags)},
            {QStringLiteral("tagged_columns"), strings(r.taggedColumns)},
            {QStringLiteral("cascades"), strings(r.cascades)},
            {QStringLiteral("row_triggers"), strings(r.rowTriggers)},
            {QStringLiteral("sessions"), sessions}};
}

QJsonObject rollbackJson(const AnalysisParts &parts)
{
    QJsonObject o{{QStringLiteral("verified"), parts.verified},
                  {QStringLiteral("verification"), parts.verification},
                  {QStringLiteral("residual"), QJsonArray::fromStringList(parts.residual)}};
    if (!parts.rollback) {
        o.insert(QStringLiteral("steps"), QJsonArray());
        o.insert(QStringLiteral("sql"), QString());
        o.insert(QStringLiteral("backup_sql"), QString());
        o.insert(QStringLiteral("restore_sql"), QString());
        o.insert(QStringLiteral("reversible"), false);
        return o;
    }
    const auto &plan = *parts.rollback;
    QJsonArray steps;
    for (const auto &step : plan.steps) {
        steps.append(
            QJsonObject{{QStringLiteral("statement"), qint64(step.statement)},
                        {QStringLiteral("sql"), qs(step.sql)},
                        {QStringLiteral("irreversible"), step.irreversible},
                        {QStringLiteral("reason"), step.reason.empty() ? QJsonValue() : qs(step.reason)},
                        {QStringLiteral("backup"), step.backup},
                        {QStringLiteral("backup_sql"), qs(step.backupSql)},
                        {QStringLiteral("restore_sql"), qs(step.restoreSql)}});
    }
    o.insert(QStringLiteral("steps"), steps);
    o.insert(QStringLiteral("sql"), qs(plan.sql()));
    o.insert(QStringLiteral("backup_sql"), qs(plan.backupSql));
    o.insert(QStringLiteral("restore_sql"), qs(plan.restoreSql));
    o.insert(QStringLiteral("reversible"), plan.reversible());
    return o;
}

} // namespace

QJsonObject analysisToJson(const AnalysisParts &parts)
{
    const auto &blast = parts.blast;
    QJsonArray reasons;
    for (const auto &reason : blast.reasons)
        reasons.append(qs(reason.text));
    QJsonArray reasonDetails;
    for (const auto &reason : blast.reasons)
        reasonDetails.append(
            QJsonObject{{QStringLiteral("level"), qs(std::string(review::riskName(reason.level)))},
                        {QStringLiteral("statement"), qint64(reason.statement)},
                        {QStringLiteral("text"), qs(reason.text)}});

    QJsonArray statements;
    for (const auto &s : blast.statements) {
        QJsonArray relations;
        for (const auto &r : s.relations)
            relations.append(relationJson(r));
        const auto begin = qsizetype(s.byteStart);
        statements.append(
            QJsonObject{{QStringLiteral("ordinal"), qint64(s.ordinal)},
                        {QStringLiteral("line"), s.line},
                        {QStringLiteral("byte_start"), qint64(s.byteStart)},
                        {QStringLiteral("byte_end"), qint64(s.byteEnd)},
                        {QStringLiteral("sql"),
                         QString::fromUtf8(parts.sql.mid(begin, qsizetype(s.byteEnd) - begin)).trimmed()},
                        {QStringLiteral("kind"), qs(s.kind)},
                        {QStringLiteral("source"), sourceName(s.source)},
                        {QStringLiteral("error"), s.error.empty() ? QJsonValue() : qs(s.error)},
                        {QStringLiteral("rows"), optionalInt(s.rows)},
                        {QStringLiteral("seconds_low"), optional(s.secondsLow)},
                        {QStringLiteral("seconds_high"), optional(s.secondsHigh)},
                        {QStringLiteral("risk"), qs(std::string(review::riskName(s.risk)))},
                        {QStringLiteral("relations"), relations}});
    }

    QJsonArray nodes, edges;
    for (const auto &n : blast.nodes)
        nodes.append(QJsonObject{{QStringLiteral("id"), qs(n.id)},
                                 {QStringLiteral("kind"), qs(n.kind)},
                                 {QStringLiteral("lock"), n.lock.empty() ? QJsonValue() : qs(n.lock)},
                                 {QStringLiteral("touched"), n.touched},
                                 {QStringLiteral("new"), n.isNew}});
    for (const auto &e : blast.edges)
        edges.append(QJsonObject{{QStringLiteral("from"), qs(e.from)},
                                 {QStringLiteral("to"), qs(e.to)},
                                 {QStringLiteral("kind"), qs(e.kind)}});

    QJsonArray diff;
    for (const auto &change : parts.diff)
        diff.append(
            QJsonObject{{QStringLiteral("object"), qs(change.object)},
                        {QStringLiteral("kind"), qs(change.kind)},
                        {QStringLiteral("change"), QString::fromLatin1(review::changeName(change.change))},
                        {QStringLiteral("before"), qs(change.before)},
                        {QStringLiteral("after"), qs(change.after)}});

    return {{QStringLiteral("risk"),
             QJsonObject{{QStringLiteral("level"), qs(std::string(review::riskName(blast.risk)))},
                         {QStringLiteral("reasons"), reasons},
                         {QStringLiteral("details"), reasonDetails}}},
            {QStringLiteral("totals"),
             QJsonObject{{QStringLiteral("rows"), optionalInt(blast.totals.rows)},
                         {QStringLiteral("bytes"), optionalInt(blast.totals.bytes)},
                         {QStringLiteral("seconds_low"), optional(blast.totals.secondsLow)},
                         {QStringLiteral("seconds_high"), optional(blast.totals.secondsHigh)}}},
            {QStringLiteral("statements"), statements},
            {QStringLiteral("graph"),
             QJsonObject{{QStringLiteral("nodes"), nodes}, {QStringLiteral("edges"), edges}}},
            {QStringLiteral("rollback"), rollbackJson(parts)},
            {QStringLiteral("diff"), diff},
            {QStringLiteral("probes"), findingsToJson(parts.probes)},
            {QStringLiteral("unknowns"), strings(blast.unknowns)}};
}

} // namespace sluice::model
