#include "queue/QueueClient.h"

#include "queue/Pg.h"
#include "queue/SchemaMigrator.h"
#include "queue/SqlText.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace sluice::model {

using pg::bytes;
using pg::qstr;
using pg::str;
using pg::timestamp;

struct QueueClient::Private
{
    std::unique_ptr<pqxx::connection> connection;
    Identity identity;
};

namespace {

constexpr int kAuditBatch = 20000;

// Optional text parameters travel as '' and become NULL in SQL through nullif.
std::string optional(const QString &s)
{
    return s.trimmed().toStdString();
}

// An execution's recorded steps, in order.
QList<ExecutionStep> readSteps(pqxx::transaction_base &tx, qint64 executionId)
{
    QList<ExecutionStep> steps;
    for (const auto &s : tx.exec_params("select ordinal, byte_start, byte_end, outcome, coalesce(error, ''), "
                                        "rows_affected, duration_ms, target_xid from sluice.execution_steps "
                                        "where execution_id = $1 order by ordinal",
                                        executionId)) {
        ExecutionStep step{s[0].as<int>(), s[1].as<int>(), s[2].as<int>(), qstr(s[3]), qstr(s[4]), {}, 0, {}};
        if (!s[5].is_null())
            step.rowsAffected = s[5].as<qint64>();
        if (!s[6].is_null())
            step.durationMs = s[6].as<double>();
        if (!s[7].is_null())
            step.targetXid = s[7].as<qint64>();
        steps.append(step);
    }
    return steps;
}

QByteArray stepsJson(const QList<ExecutionStep> &steps)
{
    QJsonArray array;
    for (const auto &step : steps) {
        QJsonObject o{{QStringLiteral("ordinal"), step.ordinal},
                      {QStringLiteral("byte_start"), step.byteStart},
                      {QStringLiteral("byte_end"), step.byteEnd},
                      {QStringLiteral("outcome"), step.outcome},
                      {QStringLiteral("duration_ms"), step.durationMs}};
        if (!step.error.isEmpty())
            o.insert(QStringLiteral("error"), step.error);
        if (step.rowsAffected)
            o.insert(QStringLiteral("rows_affected"), double(*step.rowsAffected));
        if (step.targetXid)
            o.insert(QStringLiteral("target_xid"), double(*step.targetXid));
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

Result<int> schemaVersion(pqxx::connection &c)
{
    return pg::guarded([&]() -> Result<int> {
        pqxx::read_transaction tx(c);
        const auto exists =
            tx.exec("select to_regclass('sluice.schema_version') is not null")[0][0].as<bool>();
        if (!exists) {
            return Error{Error::Kind::Schema,
                         QStringLiteral("this database holds no Sluice queue; `sluicectl init` creates one"),
                         {}};
        }
        return tx.exec("select coalesce(max(version), 0) from sluice.schema_version")[0][0].as<int>();
    });
}

Identity readIdentity(pqxx::connection &c)
{
    pqxx::read_transaction tx(c);
    Identity identity;
    // Only what any login may read: no setting (unix_socket_directories needs pg_read_all_settings) and no
    // monitoring function. Where the server is comes from the client's own connection.
    const auto row = tx.exec("select session_user, current_database()")[0];
    identity.login = qstr(row[0]);
    identity.database = qstr(row[1]);
    const QString host = c.hostname() ? QString::fromUtf8(c.hostname()) : QString();
    const QString port = c.port() ? QString::fromUtf8(c.port()) : QString();
    if (host.isEmpty() || host.startsWith(QLatin1Char('/')))
        identity.server = QStringLiteral("Unix socket %1, port %2")
                              .arg(host.isEmpty() ? QStringLiteral("(default directory)") : host, port);
    else
        identity.server = host + QLatin1Char(':') + port;
    for (const auto &r : tx.exec("select rolname from pg_roles where rolname like 'sluice\\_%' "
                                 "and rolname <> 'sluice_owner' and pg_has_role(session_user, oid, 'MEMBER') "
                                 "order by rolname"))
        identity.roles.append(qstr(r[0]));
    return identity;
}

ChangeSummary summaryFrom(const pqxx::row &r)
{
    ChangeSummary s;
    s.id = r["id"].as<qint64>();
    s.title = qstr(r["title"]);
    s.reason = qstr(r["reason"]);
    s.agent = qstr(r["agent"]);
    s.onBehalfOf = qstr(r["on_behalf_of"]);
    s.status = qstr(r["status"]);
    s.target = qstr(r["target"]);
    s.environment = qstr(r["environment"]);
    s.revision = r["revision"].as<int>();
    s.sha256 = qstr(r["sha256"]);
    s.maxSeverity = qstr(r["max_severity"]);
    if (!r["parse_ok"].is_null())
        s.parseOk = r["parse_ok"].as<bool>();
    s.approvals = r["approvals"].as<int>();
    s.requiredApprovals = r["required_approvals"].as<int>();
    s.createdAt = timestamp(r["created_epoch"]);
    s.updatedAt = timestamp(r["updated_epoch"]);
    return s;
}

constexpr const char *kOverviewColumns =
    "select id, title, reason, agent, on_behalf_of, status, target, environment, revision, sha256, "
    "max_severity, "
    "parse_ok, approvals, required_approvals, extract(epoch from created_at)::float8 as created_epoch, "
    "extract(epoch from updated_at)::float8 as updated_epoch from sluice.change_overview ";

// Decisions come first in the queue: what needs a human now, then what is in flight, then history.
constexpr const char *kQueueOrder =
    " order by case status when 'review' then 0 when 'failed' then 1 when 'approved' then 2 "
    "when 'executing' then 3 when 'rejected' then 4 else 5 end, "
    "case when status in ('review', 'failed', 'approved', 'executing') then created_at end asc, "
    "updated_at desc, id desc";

// Runs one API write (what names it in a sentence) in its own transaction under an idempotency key, a new one
// when none is given. The API stores the key with the result in that transaction, so when the connection
// breaks during COMMIT a retry with the same key is safe: it returns the first result if the write was done.
template <class F>
auto keyedWrite(pqxx::connection &connection, const char *what, const QString &key, F &&write) ->
    typename pg::AsResult<std::invoke_result_t<F, pqxx::work &>>::type
{
    const auto k = key.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : key;
    auto result = pg::guarded([&] {
        pqxx::work tx(connection);
        tx.exec_params("select set_config('sluice.idempotency_key', $1, true)", str(k));
        if constexpr (std::is_void_v<std::invoke_result_t<F, pqxx::work &>>) {
            write(tx);
            tx.commit();
        } else {
            auto value = write(tx);
            tx.commit();
            return value;
        }
    });
    if (!result && result.error().kind == Error::Kind::InDoubt) {
        return Error{
            Error::Kind::InDoubt,
            QStringLiteral("the connection to the queue was lost while the %1 committed, so it may or "
                           "may not have been done; retrying it with idempotency key %2 returns the "
                           "first result if it was done, and does it once if it was not")
                .arg(QLatin1String(what), k),
            {}};
    }
    return result;
}

QJsonArray jsonArray(const pqxx::field &f)
{
    return f.is_null() ? QJsonArray() : QJsonDocument::fromJson(bytes(f)).array();
}

} // namespace

QueueClient::QueueClient(std::unique_ptr<Private> p) : d(std::move(p)) {}
QueueClient::~QueueClient() = default;

Result<std::unique_ptr<QueueClient>> QueueClient::connect(const QString &conninfo)
{
    auto connection = pg::connect(conninfo);
    if (!connection)
        return connection.error();
    const auto version = schemaVersion(**connection);
    if (!version)
        return version.error();
    if (*version != SchemaMigrator::knownVersion()) {
        const bool older = *version < SchemaMigrator::knownVersion();
        return Error{
            Error::Kind::Schema,
            older ? QStringLiteral("the queue schema is at version %1 but this build of Sluice needs "
                                   "version %2; run `sluicectl init` to upgrade it")
                        .arg(*version)
                        .arg(SchemaMigrator::knownVersion())
                  : QStringLiteral("the queue schema is at version %1, newer than this build of Sluice "
                                   "knows (%2); upgrade Sluice")
                        .arg(*version)
                        .arg(SchemaMigrator::knownVersion()),
            {}};
    }
    auto identity = pg::guarded([&] { return readIdentity(**connection); });
    if (!identity)
        return identity.error();
    identity->schemaVersion = *version;
    auto p = std::make_unique<Private>();
    p->connection = std::move(*connection);
    p->identity = std::move(*identity);
    return std::unique_ptr<QueueClient>(new QueueClient(std::move(p)));
}

const Identity &QueueClient::identity() const
{
    return d->identity;
}

Result<ChangeId> QueueClient::submit(const SubmitRequest &request, const QByteArray &source,
                                     const QString &idempotencyKey)
{
    if (auto valid = validateSqlText(request.sql); !valid)
        return valid.error();
    return keyedWrite(*d->connection, "submit", idempotencyKey, [&](pqxx::work &tx) {
        return tx
            .exec_params("select sluice_api.submit($1, $2, $3, nullif($4, ''), $5, nullif($6, ''))",
                         str(request.target), str(request.title), str(request.reason),
                         optional(request.onBehalfOf), request.sql.toStdString(), source.toStdString())[0][0]
            .as<ChangeId>();
    });
}

Result<int> QueueClient::revise(ChangeId id, const QByteArray &sql, const QByteArray &source,
                                const QString &idempotencyKey)
{
    if (auto valid = validateSqlText(sql); !valid)
        return valid.error();
    return keyedWrite(*d->connection, "revision", idempotencyKey, [&](pqxx::work &tx) {
        return tx
            .exec_params("select sluice_api.revise($1, $2, nullif($3, ''))", id, sql.toStdString(),
                         source.toStdString())[0][0]
            .as<int>();
    });
}

Result<QList<ChangeSummary>> QueueClient::changes(const QString &status)
{
    return pg::guarded([&] {
        pqxx::read_transaction tx(*d->connection);
        const std::string query =
            std::string(kOverviewColumns) + "where ($1 = '' or status = $1)" + kQueueOrder;
        QList<ChangeSummary> list;
        for (const auto &r : tx.exec_params(query, optional(status)))
            list.append(summaryFrom(r));
        return list;
    });
}

Result<std::optional<ChangeSummary>> QueueClient::changeSummary(ChangeId id)
{
    return pg::guarded([&] {
        pqxx::read_transaction tx(*d->connection);
        const auto rows = tx.exec_params(std::string(kOverviewColumns) + "where id = $1", id);
        return rows.empty() ? std::optional<ChangeSummary>()
                            : std::optional<ChangeSummary>(summaryFrom(rows[0]));
    });
}

Result<ChangeDetail> QueueClient::change(ChangeId id)
{
    return pg::guarded([&]() -> Result<ChangeDetail> {
        pqxx::read_transaction tx(*d->connection);
        const auto summary = tx.exec_params(std::string(kOverviewColumns) + "where id = $1", id);
        if (summary.empty()) {
            return Error{
                Error::Kind::NotFound,
                QStringLiteral("there is no change %1 that %2 can see").arg(id).arg(d->identity.login),
                {}};
        }
        ChangeDetail detail;
        detail.summary = summaryFrom(summary[0]);
        for (const auto &r :
             tx.exec_params("select number, sql, sha256, author, extract(epoch from created_at)::float8, "
                            "coalesce(source, '') from sluice.revisions where change_id = $1 order by number",
                            id))
            detail.revisions.append(
                {r[0].as<int>(), qstr(r[1]), qstr(r[2]), qstr(r[3]), timestamp(r[4]), qstr(r[5])});
        for (const auto &r : tx.exec_params(
                 "select r.number, v.sha256, v.engine_version, v.parse_ok, v.max_severity, v.findings::text, "
                 "extract(epoch from v.reviewed_at)::float8 from sluice.reviews v "
                 "join sluice.revisions r on r.id = v.revision_id where r.change_id = $1 order by r.number, "
                 "v.reviewed_at",
                 id))
            detail.reviews.append({r[0].as<int>(), qstr(r[1]), qstr(r[2]), r[3].as<bool>(), qstr(r[4]),
                                   jsonArray(r[5]), timestamp(r[6])});
        for (const auto &r : tx.exec_params(
                 "select distinct on (r.number, t.name) r.number, a.sha256, t.name, a.analyzer_version, "
                 "a.risk, "
                 "a.document::text, extract(epoch from a.analysed_at)::float8 from sluice.analyses a "
                 "join sluice.revisions r on r.id = a.revision_id "
                 "join sluice.changes c on c.id = r.change_id join sluice.targets t on t.id = c.target_id "
                 "where r.change_id = $1 order by r.number, t.name, a.analysed_at desc",
                 id))
            detail.analyses.append({r[0].as<int>(), qstr(r[1]), qstr(r[2]), qstr(r[3]), qstr(r[4]),
                                    QJsonDocument::fromJson(bytes(r[5])).object(), timestamp(r[6])});
        for (const auto &r : tx.exec_params(
                 "select r.number, d.sha256, d.decision, d.comment, d.decided_by, "
                 "extract(epoch from d.decided_at)::float8, d.voided_at is not null, d.overrides::text "
                 "from sluice.decisions d "
                 "join sluice.revisions r on r.id = d.revision_id where d.change_id = $1 order by d.id",
                 id))
            detail.decisions.append({r[0].as<int>(), qstr(r[1]), qstr(r[2]), qstr(r[3]), qstr(r[4]),
                                     timestamp(r[5]), r[6].as<bool>(), jsonArray(r[7])});
        for (const auto &r : tx.exec_params(
                 "select e.id, r.number, e.sha256, t.name, e.claimed_by, e.instance, e.status, e.error, "
                 "extract(epoch from e.started_at)::float8, extract(epoch from e.finished_at)::float8, "
                 "e.resume_from, coalesce(e.in_doubt, 0), coalesce(e.resolution, ''), "
                 "coalesce(e.resolved_by, '') "
                 "from sluice.executions e join sluice.revisions r on r.id = e.revision_id "
                 "join sluice.targets t on t.id = e.target_id where e.change_id = $1 order by e.id",
                 id)) {
            Execution e{r[0].as<qint64>(), r[1].as<int>(),  qstr(r[2]), qstr(r[3]),
                        qstr(r[4]),        qstr(r[5]),      qstr(r[6]), qstr(r[7]),
                        timestamp(r[8]),   timestamp(r[9]), {},         r[10].as<int>(),
                        r[11].as<int>(),   qstr(r[12]),     qstr(r[13])};
            e.steps = readSteps(tx, e.id);
            detail.executions.append(e);
        }
        return detail;
    });
}

Result<QList<Target>> QueueClient::targets()
{
    return pg::guarded([&] {
        pqxx::read_transaction tx(*d->connection);
        QList<Target> list;
        for (const auto &r :
             tx.exec("select name, environment, array_to_string(tags, ',') from sluice.targets "
                     "order by (select rank from sluice.environments e where e.name = environment), name"))
            list.append({qstr(r[0]), qstr(r[1]), qstr(r[2]).split(QLatin1Char(','), Qt::SkipEmptyParts)});
        return list;
    });
}

Result<std::optional<ChangeId>> QueueClient::auditedChange(qint64 auditSeq)
{
    return pg::guarded([&] {
        pqxx::read_transaction tx(*d->connection);
        const auto rows = tx.exec_params(
            "select change_id from sluice.audit_log where seq = $1 and change_id is not null", auditSeq);
        return rows.empty() ? std::optional<ChangeId>() : std::optional<ChangeId>(rows[0][0].as<ChangeId>());
    });
}

Result<QString> QueueClient::approve(ChangeId id, const QString &sha256, const QString &comment,
                                     const QList<FindingOverride> &overrides, const QString &idempotencyKey)
{
    QJsonArray array;
    for (const auto &o : overrides) {
        array.append(QJsonObject{{QStringLiteral("rule"), o.rule},
                                 {QStringLiteral("line"), o.line},
                                 {QStringLiteral("reason"), o.reason}});
    }
    return keyedWrite(*d->connection, "approval", idempotencyKey, [&](pqxx::work &tx) {
        return qstr(tx.exec_params("select sluice_api.approve($1, $2, $3, $4::jsonb)", id, str(sha256),
                                   str(comment),
                                   QJsonDocument(array).toJson(QJsonDocument::Compact).toStdString())[0][0]);
    });
}

Result<void> QueueClient::reject(ChangeId id, const QString &comment, const QString &idempotencyKey)
{
    return keyedWrite(*d->connection, "rejection", idempotencyKey, [&](pqxx::work &tx) {
        tx.exec_params("select sluice_api.reject($1, $2)", id, str(comment));
    });
}

Result<void> QueueClient::addTarget(const Target &target, const QString &idempotencyKey)
{
    return keyedWrite(*d->connection, "new target", idempotencyKey, [&](pqxx::work &tx) {
        tx.exec_params("select sluice_api.add_target($1, $2, string_to_array(nullif($3, ''), ','))",
                       str(target.name), str(target.environment), str(target.tags.join(QLatin1Char(','))));
    });
}

Result<void> QueueClient::delegate(const QString &agent, const QString &human, const QString &idempotencyKey)
{
    return keyedWrite(*d->connection, "delegation", idempotencyKey, [&](pqxx::work &tx) {
        tx.exec_params("select sluice_api.delegate($1, $2)", str(agent), str(human));
    });
}

namespace {

constexpr const char *kAuditSelect =
    "select seq, extract(epoch from at)::float8, actor, on_behalf_of, action, change_id, revision_sha256, "
    "details::text, encode(prev_hash, 'hex'), encode(hash, 'hex'), "
    "sluice.audit_canonical(seq, at, actor, on_behalf_of, action, change_id, revision_sha256, details) "
    "from sluice.audit_log where seq > $1 order by seq limit $2";

AuditRow auditRowFrom(const pqxx::row &r)
{
    AuditRow row;
    row.seq = r[0].as<qint64>();
    row.at = timestamp(r[1]);
    row.actor = qstr(r[2]);
    row.onBehalfOf = qstr(r[3]);
    row.action = qstr(r[4]);
    if (!r[5].is_null())
        row.changeId = r[5].as<qint64>();
    row.revisionSha256 = qstr(r[6]);
    row.details = QJsonDocument::fromJson(bytes(r[7])).object();
    row.prevHash = QByteArray::fromHex(bytes(r[8]));
    row.hash = QByteArray::fromHex(bytes(r[9]));
    return row;
}

bool readsWholeAuditLog(const Identity &identity)
{
    return identity.hasRole(QStringLiteral("sluice_auditor")) ||
           identity.hasRole(QStringLiteral("sluice_dba")) ||
           identity.hasRole(QStringLiteral("sluice_admin")) ||
           identity.hasRole(QStringLiteral("sluice_oncall"));
}

Error auditNeedsRole(const Identity &identity)
{
    return Error{
        Error::Kind::Permission,
        QStringLiteral("%1 sees only its own audit rows; reading the whole audit log needs sluice_auditor, "
                       "sluice_dba, sluice_oncall or sluice_admin")
            .arg(identity.login),
        {}};
}

} // namespace

namespace {

// Reads the audit log in order, in batches, in one snapshot; visit(row, canonical text) returns false to
// stop.
void forEachAuditRow(pqxx::connection &connection,
                     const std::function<bool(const AuditRow &, const QByteArray &)> &visit)
{
    pqxx::read_transaction tx(connection);
    qint64 last = 0;
    for (;;) {
        const auto rows = tx.exec_params(kAuditSelect, last, kAuditBatch);
        for (const auto &r : rows) {
            const auto row = auditRowFrom(r);
            if (!visit(row, bytes(r[10])))
                return;
            last = row.seq;
        }
        if (rows.size() < std::size_t(kAuditBatch))
            return;
    }
}

} // namespace

Result<AuditVerification> QueueClient::verifyAudit()
{
    if (!readsWholeAuditLog(d->identity))
        return auditNeedsRole(d->identity);
    return pg::guarded([&] {
        AuditVerification v;
        QByteArray previous;
        qint64 last = 0;
        forEachAuditRow(*d->connection, [&](const AuditRow &row, const QByteArray &canonical) {
            QString problem;
            qint64 broken = row.seq;
            if (row.seq != last + 1) {
                // Deleted rows: name the first one missing.
                broken = last + 1;
                problem = row.seq == last + 2 ? QStringLiteral("the row is missing (deleted)")
                                              : QStringLiteral("rows %1 to %2 are missing (deleted)")
                                                    .arg(last + 1)
                                                    .arg(row.seq - 1);
            } else if (row.prevHash != previous) {
                problem = QStringLiteral("its previous-hash does not match the hash of row %1").arg(last);
            } else if (QCryptographicHash::hash(previous + canonical, QCryptographicHash::Sha256) !=
                       row.hash) {
                problem =
                    QStringLiteral("its content does not match its hash (altered after it was written)");
            }
            if (!problem.isEmpty()) {
                v.firstBrokenSeq = broken;
                v.problem = problem;
                return false;
            }
            previous = row.hash;
            last = row.seq;
            ++v.rowsChecked;
            return true;
        });
        if (v.intact())
            v.headHash = previous;
        return v;
    });
}

Result<qint64> QueueClient::exportAudit(const std::function<void(const AuditRow &)> &sink)
{
    if (!readsWholeAuditLog(d->identity))
        return auditNeedsRole(d->identity);
    return pg::guarded([&] {
        qint64 count = 0;
        forEachAuditRow(*d->connection, [&](const AuditRow &row, const QByteArray &) {
            sink(row);
            ++count;
            return true;
        });
        return count;
    });
}

Result<bool> QueueClient::storeReview(const PendingReview &revision, const Review &review)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        const auto stored =
            tx.exec_params("select sluice_api.store_review($1, $2, $3, $4, $5, $6::jsonb)",
                           revision.revisionId, str(revision.sha256), str(review.engineVersion),
                           review.parseOk, str(review.maxSeverity),
                           QJsonDocument(review.findings).toJson(QJsonDocument::Compact).toStdString())[0][0]
                .as<bool>();
        tx.commit();
        return stored;
    });
}

Result<QList<PendingAnalysis>> QueueClient::pendingAnalyses(const QString &analyzerVersion,
                                                            const QStringList &targets, int limit)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        QList<PendingAnalysis> list;
        // Target names cannot hold commas (the queue checks their form), so a joined list is unambiguous.
        for (const auto &r :
             tx.exec_params("select * from sluice_api.pending_analyses($1, string_to_array($2, ','), $3)",
                            str(analyzerVersion), str(targets.join(QLatin1Char(','))), limit))
            list.append({r[0].as<qint64>(), r[1].as<ChangeId>(), r[2].as<int>(), qstr(r[3]), bytes(r[4]),
                         qstr(r[5]), qstr(r[6])});
        tx.commit();
        return list;
    });
}

Result<bool> QueueClient::storeAnalysis(const PendingAnalysis &revision, const QString &analyzerVersion,
                                        const QString &risk, const QJsonObject &document)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        const auto stored =
            tx.exec_params("select sluice_api.store_analysis($1, $2, $3, $4, $5::jsonb)", revision.revisionId,
                           str(revision.sha256), str(analyzerVersion), str(risk),
                           QJsonDocument(document).toJson(QJsonDocument::Compact).toStdString())[0][0]
                .as<bool>();
        tx.commit();
        return stored;
    });
}

Result<std::optional<Throughput>> QueueClient::throughput(const QString &target)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        const auto rows = tx.exec_params(
            "select x.rewrite_bytes_per_sec, x.scan_bytes_per_sec, x.index_bytes_per_sec, x.server_version "
            "from sluice.target_throughput x join sluice.targets t on t.id = x.target_id where t.name = $1",
            str(target));
        tx.commit();
        std::optional<Throughput> result;
        if (!rows.empty())
            result = Throughput{rows[0][0].as<double>(), rows[0][1].as<double>(), rows[0][2].as<double>(),
                                qstr(rows[0][3])};
        return result;
    });
}

Result<void> QueueClient::storeThroughput(const QString &target, const Throughput &measured)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        tx.exec_params("select sluice_api.store_throughput($1, $2, $3, $4, $5)", str(target),
                       measured.rewriteBytesPerSecond, measured.scanBytesPerSecond,
                       measured.indexBytesPerSecond, str(measured.serverVersion));
        tx.commit();
    });
}

Result<void> QueueClient::setTag(const QString &target, const RelationTag &tag, bool on,
                                 const QString &idempotencyKey)
{
    return keyedWrite(*d->connection, "tag", idempotencyKey, [&](pqxx::work &tx) {
        tx.exec_params("select sluice_api.set_tag($1, $2, $3, $4, $5)", str(target), str(tag.relation),
                       str(tag.column), str(tag.tag), on);
    });
}

Result<QList<RelationTag>> QueueClient::tags(const QString &target)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        QList<RelationTag> list;
        for (const auto &r : tx.exec_params("select g.relation, g.col, g.tag from sluice.relation_tags g "
                                            "join sluice.targets t on t.id = g.target_id where t.name = $1 "
                                            "order by 1, 2, 3",
                                            str(target)))
            list.append({qstr(r[0]), qstr(r[1]), qstr(r[2])});
        tx.commit();
        return list;
    });
}

Result<std::optional<ClaimedExecution>> QueueClient::claimExecution(const QString &instance,
                                                                    const QStringList &targets)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        // Target names cannot hold commas (the queue checks their form), so a joined list is unambiguous.
        const auto rows =
            tx.exec_params("select * from sluice_api.claim_execution($1, string_to_array($2, ','))",
                           str(instance), str(targets.join(QLatin1Char(','))));
        tx.commit();
        std::optional<ClaimedExecution> claimed;
        if (!rows.empty()) {
            const auto &r = rows[0];
            claimed = ClaimedExecution{r[0].as<qint64>(), r[1].as<ChangeId>(), r[2].as<int>(),
                                       qstr(r[3]),        bytes(r[4]),         qstr(r[5])};
        }
        return claimed;
    });
}

Result<int> QueueClient::holdExecution(qint64 executionId, int statements)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        const auto resume =
            tx.exec_params("select sluice_api.hold_execution($1, $2)", executionId, statements)[0][0]
                .as<int>();
        tx.commit();
        return resume;
    });
}

Result<void> QueueClient::recordSteps(qint64 executionId, const QList<ExecutionStep> &steps)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        tx.exec_params("select sluice_api.record_steps($1, $2::jsonb)", executionId,
                       stepsJson(steps).toStdString());
        tx.commit();
    });
}

Result<void> QueueClient::finishExecution(qint64 executionId, bool succeeded, const QString &error)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        tx.exec_params("select sluice_api.finish_execution($1, $2, nullif($3, ''))", executionId, succeeded,
                       str(error));
        tx.commit();
        // The runner's lock goes with the execution (a session lock outlives the transaction that took it).
        pqxx::nontransaction session(*d->connection);
        session.exec_params("select pg_advisory_unlock(sluice.runner_key($1))", executionId);
    });
}

Result<QList<OrphanedExecution>> QueueClient::orphanedExecutions(const QStringList &targets,
                                                                 const QString &instance, int leaseSeconds)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        QList<OrphanedExecution> orphans;
        for (const auto &r :
             tx.exec_params("select * from sluice_api.orphaned_executions(string_to_array($1, ','), $2, $3)",
                            str(targets.join(QLatin1Char(','))), str(instance), leaseSeconds))
            orphans.append({r[0].as<qint64>(), r[1].as<ChangeId>(), qstr(r[2]), {}});
        for (auto &orphan : orphans)
            orphan.steps = readSteps(tx, orphan.executionId);
        tx.commit();
        return orphans;
    });
}

Result<QString> QueueClient::interruptExecution(qint64 executionId, const QList<ExecutionStep> &decided)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        const auto status = qstr(tx.exec_params("select sluice_api.interrupt_execution($1, $2::jsonb)",
                                                executionId, stepsJson(decided).toStdString())[0][0]);
        tx.commit();
        return status;
    });
}

Result<QString> QueueClient::resolveExecution(ChangeId id, const QString &action, int ranThrough,
                                              const QString &comment)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        const auto status =
            qstr(tx.exec_params("select sluice_api.resolve_execution($1, $2, nullif($3, -1), nullif($4, ''))",
                                id, str(action), ranThrough, optional(comment))[0][0]);
        tx.commit();
        return status;
    });
}

Result<QList<PendingReview>> QueueClient::claimReviews(const QString &engineVersion, const QString &instance,
                                                       int limit, int leaseSeconds)
{
    return pg::guarded([&] {
        pqxx::work tx(*d->connection);
        QList<PendingReview> list;
        for (const auto &r : tx.exec_params("select * from sluice_api.claim_reviews($1, $2, $3, $4)",
                                            str(engineVersion), str(instance), limit, leaseSeconds))
            list.append({r[0].as<qint64>(), r[1].as<ChangeId>(), qstr(r[2]), bytes(r[3]), qstr(r[4])});
        tx.commit();
        return list;
    });
}

} // namespace sluice::model
