#include "Json.h"

#include <QJsonArray>

namespace sluice::cli {
namespace {

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}
QJsonValue text(const QString &s)
{
    return s.isNull() ? QJsonValue() : QJsonValue(s);
}

} // namespace

QJsonObject toJson(const model::ChangeSummary &c)
{
    return QJsonObject{
        {QStringLiteral("id"), c.id},
        {QStringLiteral("title"), c.title},
        {QStringLiteral("reason"), c.reason},
        {QStringLiteral("status"), c.status},
        {QStringLiteral("target"), c.target},
        {QStringLiteral("environment"), c.environment},
        {QStringLiteral("agent"), c.agent},
        {QStringLiteral("on_behalf_of"), text(c.onBehalfOf)},
        {QStringLiteral("revision"), c.revision},
        {QStringLiteral("sha256"), c.sha256},
        {QStringLiteral("max_severity"), c.maxSeverity},
        {QStringLiteral("parse_ok"), c.parseOk ? QJsonValue(*c.parseOk) : QJsonValue()},
        {QStringLiteral("approvals"), c.approvals},
        {QStringLiteral("required_approvals"), c.requiredApprovals},
        {QStringLiteral("created_at"), time(c.createdAt)},
        {QStringLiteral("updated_at"), time(c.updatedAt)},
    };
}

QJsonObject toJson(const model::ChangeDetail &change)
{
    auto o = toJson(change.summary);
    QJsonArray revisions, reviews, analyses, decisions, executions;
    for (const auto &r : change.revisions) {
        QJsonObject revision{{QStringLiteral("number"), r.number},
                             {QStringLiteral("sha256"), r.sha256},
                             {QStringLiteral("author"), r.author},
                             {QStringLiteral("created_at"), time(r.createdAt)},
                             {QStringLiteral("sql"), r.sql}};
        if (!r.source.isEmpty())
            revision.insert(QStringLiteral("source"), r.source);
        revisions.append(revision);
    }
    for (const auto &r : change.reviews) {
        reviews.append(QJsonObject{{QStringLiteral("revision"), r.revision},
                                   {QStringLiteral("sha256"), r.sha256},
                                   {QStringLiteral("engine_version"), r.engineVersion},
                                   {QStringLiteral("parse_ok"), r.parseOk},
                                   {QStringLiteral("max_severity"), r.maxSeverity},
                                   {QStringLiteral("reviewed_at"), time(r.reviewedAt)},
                                   {QStringLiteral("findings"), r.findings}});
    }
    for (const auto &a : change.analyses) {
        analyses.append(QJsonObject{{QStringLiteral("revision"), a.revision},
                                    {QStringLiteral("sha256"), a.sha256},
                                    {QStringLiteral("target"), a.target},
                                    {QStringLiteral("analyzer_version"), a.analyzerVersion},
                                    {QStringLiteral("risk"), a.risk},
                                    {QStringLiteral("analysed_at"), time(a.analysedAt)},
                                    {QStringLiteral("document"), a.document}});
    }
    for (const auto &d : change.decisions) {
        decisions.append(QJsonObject{{QStringLiteral("revision"), d.revision},
                                     {QStringLiteral("sha256"), d.sha256},
                                     {QStringLiteral("decision"), d.decision},
                                     {QStringLiteral("comment"), d.comment},
                                     {QStringLiteral("decided_by"), d.decidedBy},
                                     {QStringLiteral("decided_at"), time(d.decidedAt)},
                                     {QStringLiteral("voided"), d.voided},
                                     {QStringLiteral("overrides"), d.overrides}});
    }
    for (const auto &e : change.executions) {
        QJsonArray steps;
        for (const auto &s : e.steps) {
            steps.append(QJsonObject{{QStringLiteral("ordinal"), s.ordinal},
                                     {QStringLiteral("byte_start"), s.byteStart},
                                     {QStringLiteral("byte_end"), s.byteEnd},
                                     {QStringLiteral("outcome"), s.outcome},
                                     {QStringLiteral("error"), text(s.error)},
                                     {QStringLiteral("rows_affected"),
                                      s.rowsAffected ? QJsonValue(*s.rowsAffected) : QJsonValue()},
                                     {QStringLiteral("duration_ms"), s.durationMs}});
        }
        executions.append(
            QJsonObject{{QStringLiteral("id"), e.id},
                        {QStringLiteral("revision"), e.revision},
                        {QStringLiteral("sha256"), e.sha256},
                        {QStringLiteral("target"), e.target},
                        {QStringLiteral("claimed_by"), e.claimedBy},
                        {QStringLiteral("instance"), e.instance},
                        {QStringLiteral("status"), e.status},
                        {QStringLiteral("error"), text(e.error)},
                        {QStringLiteral("started_at"), time(e.startedAt)},
                        {QStringLiteral("finished_at"), time(e.finishedAt)},
                        {QStringLiteral("resume_from"), e.resumeFrom},
                        {QStringLiteral("in_doubt"), e.inDoubt ? QJsonValue(e.inDoubt) : QJsonValue()},
                        {QStringLiteral("resolution"), text(e.resolution)},
                        {QStringLiteral("resolved_by"), text(e.resolvedBy)},
                        {QStringLiteral("steps"), steps}});
    }
    o.insert(QStringLiteral("revisions"), revisions);
    o.insert(QStringLiteral("reviews"), reviews);
    o.insert(QStringLiteral("analyses"), analyses);
    o.insert(QStringLiteral("decisions"), decisions);
    o.insert(QStringLiteral("executions"), executions);
    return o;
}

QJsonObject toJson(const model::AuditRow &row)
{
    return QJsonObject{
        {QStringLiteral("seq"), row.seq},
        {QStringLiteral("at"), time(row.at)},
        {QStringLiteral("actor"), row.actor},
        {QStringLiteral("on_behalf_of"), text(row.onBehalfOf)},
        {QStringLiteral("action"), row.action},
        {QStringLiteral("change_id"), row.changeId ? QJsonValue(*row.changeId) : QJsonValue()},
        {QStringLiteral("revision_sha256"), text(row.revisionSha256)},
        {QStringLiteral("details"), row.details},
        {QStringLiteral("prev_hash"), QString::fromLatin1(row.prevHash.toHex())},
        {QStringLiteral("hash"), QString::fromLatin1(row.hash.toHex())},
    };
}

QJsonObject toJson(const model::Target &target)
{
    return QJsonObject{{QStringLiteral("name"), target.name},
                       {QStringLiteral("environment"), target.environment},
                       {QStringLiteral("tags"), QJsonArray::fromStringList(target.tags)}};
}

} // namespace sluice::cli
