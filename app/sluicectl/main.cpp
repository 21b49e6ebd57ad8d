// sluicectl: the queue's command line, for agents and scripts. Thin wiring over model/; the database decides.

#include "Json.h"
#include "Lint.h"
#include "queue/QueueClient.h"
#include "queue/SchemaMigrator.h"
#include "queue/SqlText.h"
#include "review/PsqlScript.h"
#include "review/Script.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTextStream>
#include <QUuid>
#include <cstdio>
#include <functional>
#include <map>

using namespace sluice;
using model::Error;

namespace {

enum Exit { Done = 0, Refused = 1, Usage = 2, AuditBroken = 3, NoConnection = 4, InDoubt = 5 };

constexpr const char *kOverview = R"(usage: sluicectl [--db CONNINFO] COMMAND [OPTIONS]

Commands:
  init                         create or upgrade the queue schema (needs a login that can create roles)
  submit                       submit a migration as a new change (agents)
  revise ID [FILE|-]           submit a new revision of a change (its agent)
  list [--status S]            list the changes you can see, what needs a decision first
  show ID                      show a change: revisions, review, decisions, executions
  approve ID --revision SHA256 approve the revision you reviewed (DBAs)
  reject ID --comment TEXT     reject a change (DBAs)
  resolve ID --ran-through N | --retry | --cancel
                               say what an interrupted execution ran, run the rest, or give up (DBAs)
    lint FILE...|-               review migrations offline: text, json or sarif (no database needed)
  audit verify                 recompute the audit log's hash chain
  audit export --format F      export the audit log as csv or json
  admin target add NAME ...    register a target database (admins)
  admin target list            list the targets
  admin delegate ...           let an agent act for a human (admins)
  admin tag TARGET TABLE TAG   tag a table or a column of a target: hot, pii, financial... (admins)

The queue is reached with --db (a libpq conninfo or URI) or, without it, the PG* environment variables;
pg_service.conf and .pgpass work as they do for psql. Read commands take --json.
Run 'sluicectl COMMAND --help' for a command's options.

Every write takes --idempotency-key KEY (default: a new key per invocation): running the same command again
with the same key returns the first result instead of doing it twice.

Exit codes: 0 done, 1 refused (the message says why), 2 usage or bad input, 3 audit chain broken,
4 cannot connect or the connection broke, 5 in doubt: the connection broke while a write committed (run the
command again with the --idempotency-key the message names).
)";

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

int fail(int code, const QString &message)
{
    out().flush();
    std::fprintf(stderr, "sluicectl: %s\n", qPrintable(message));
    return code;
}

int exitCodeOf(const Error &e)
{
    switch (e.kind) {
    case Error::Kind::Connection:
        return NoConnection;
    case Error::Kind::Invalid:
        return Usage;
    case Error::Kind::InDoubt:
        return InDoubt;
    default:
        return Refused;
    }
}

// This invocation's idempotency key: --idempotency-key, or a new one, so that an in-doubt write can be
// retried.
QString g_idempotencyKey;

int fail(const Error &e)
{
    if (e.kind == Error::Kind::InDoubt) {
        return fail(InDoubt,
                    e.message + QStringLiteral("\nrun the same command again with --idempotency-key %1")
                                    .arg(g_idempotencyKey));
    }
    return fail(exitCodeOf(e), e.message);
}

// One subcommand's parser: its options, positional arguments and --help.
struct Command
{
    QCommandLineParser parser;
    QStringList args;
    bool json = false;

    Command(const QString &description, const QStringList &arguments)
    {
        parser.setApplicationDescription(description);
        parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
        parser.addOption({QStringLiteral("db"), QStringLiteral("libpq conninfo or URI of the queue."),
                          QStringLiteral("CONNINFO")});
        parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")});
        args = arguments;
    }
    void option(const QString &name, const QString &help, const QString &value = {})
    {
        parser.addOption(value.isEmpty() ? QCommandLineOption(name, help)
                                         : QCommandLineOption(name, help, value));
    }
    void withJson() { option(QStringLiteral("json"), QStringLiteral("Stable machine-readable output.")); }
    // A command that writes: its idempotency key, given or made here.
    void writes()
    {
        option(QStringLiteral("idempotency-key"),
               QStringLiteral("Names this write: run again with the same KEY, it returns the first result "
                              "instead of writing twice (default: a new key)."),
               QStringLiteral("KEY"));
    }
    // Returns an exit code when the command should stop here (help or a usage error).
    std::optional<int> parse(const QString &usage, int minPositional, int maxPositional)
    {
        if (!parser.parse(args))
            return fail(Usage, parser.errorText() + QStringLiteral("\n") + usage);
        if (parser.isSet(QStringLiteral("help"))) {
            out() << "usage: " << usage << "\n\n" << parser.helpText();
            return Done;
        }
        const auto n = parser.positionalArguments().size();
        if (n < minPositional || n > maxPositional)
            return fail(Usage, QStringLiteral("usage: ") + usage);
        json = parser.optionNames().contains(QStringLiteral("json"));
        g_idempotencyKey = parser.optionNames().contains(QStringLiteral("idempotency-key"))
                               ? parser.value(QStringLiteral("idempotency-key"))
                               : QUuid::createUuid().toString(QUuid::WithoutBraces);
        return std::nullopt;
    }
    QString value(const QString &name) const { return parser.value(name); }
    bool isSet(const QString &name) const { return parser.isSet(name); }
    QString positional(int i) const { return parser.positionalArguments().value(i); }
};

std::unique_ptr<model::QueueClient> g_client;

std::optional<int> connectQueue(const Command &command)
{
    auto client = model::QueueClient::connect(command.value(QStringLiteral("db")));
    if (!client)
        return fail(client.error().kind == Error::Kind::Connection ? NoConnection : Refused,
                    client.error().message);
    g_client = std::move(*client);
    return std::nullopt;
}

void printJson(const QJsonValue &value)
{
    out() << (value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject()))
                 .toJson(QJsonDocument::Indented);
}

std::optional<qint64> changeId(const QString &text)
{
    bool ok = false;
    const auto id = text.toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

// Reads the migration from FILE, or stdin for '-' or no argument; refuses what the queue would refuse.
std::variant<QByteArray, int> readSql(const QString &path)
{
    QFile file;
    const bool stdinInput = path.isEmpty() || path == QLatin1String("-");
    const QString name = stdinInput ? QStringLiteral("standard input") : path;
    const bool opened = stdinInput ? file.open(stdin, QIODevice::ReadOnly)
                                   : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    const auto read = opened ? model::readBounded(file) : model::BoundedRead{{}, 0, false};
    if (!read.ok)
        return fail(Usage, QStringLiteral("cannot read %1: %2").arg(name, file.errorString()));
    if (const auto valid = model::validateSqlText(read.data, read.totalBytes); !valid)
        return fail(Usage, QStringLiteral("%1: %2; nothing was submitted").arg(name, valid.error().message));
    return read.data;
}

// --set NAME=VALUE, psql's -v: variables a psql script reads.
void withPsqlVariables(Command &c)
{
    c.option(QStringLiteral("set"),
             QStringLiteral("Set psql variable NAME to VALUE before the script is read (repeatable)."),
             QStringLiteral("NAME=VALUE"));
}

std::variant<std::map<std::string, std::string>, int> psqlVariables(const Command &c)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_\\x{80}-\\x{10FFFF}]+$"));
    std::map<std::string, std::string> variables;
    for (const auto &setting : c.parser.values(QStringLiteral("set"))) {
        const auto equals = setting.indexOf(QLatin1Char('='));
        if (equals <= 0 || !name.match(setting.left(equals)).hasMatch())
            return fail(Usage,
                        QStringLiteral("--set needs NAME=VALUE with a psql variable name (letters, digits, "
                                       "underscores), not %1")
                            .arg(setting));
        variables[setting.left(equals).toStdString()] = setting.mid(equals + 1).toStdString();
    }
    return variables;
}

// The SQL a revision stores: a psql script resolved into the plain SQL that runs (which its sha256 covers and
// which is approved), with the original kept as its source; plain SQL as it is. A script that does not
// resolve is refused.
struct RevisionText
{
    QByteArray sql;
    QByteArray source;
};

std::variant<RevisionText, int> resolvePsql(const Command &c, const QString &path, const QByteArray &text)
{
    auto variables = psqlVariables(c);
    if (std::holds_alternative<int>(variables))
        return std::get<int>(variables);
    review::PsqlScript::Options options;
    options.variables = std::move(std::get<0>(variables));
    const QString name =
        path.isEmpty() || path == QLatin1String("-") ? QStringLiteral("standard input") : path;
    const auto script = review::PsqlScript::resolve(name.toStdString(), text.toStdString(), options);
    if (!script.problems().empty()) {
        const auto &f = script.problems().front().finding;
        return fail(Usage,
                    QStringLiteral("%1:%2:%3: %4; the psql script does not resolve into the plain SQL that "
                                   "would run, so nothing was submitted")
                        .arg(name)
                        .arg(f.start.line)
                        .arg(f.start.column)
                        .arg(QString::fromStdString(f.message)));
    }
    if (!script.usesPsql())
        return RevisionText{text, {}};
    RevisionText resolved{QByteArray::fromStdString(script.sql()), text};
    if (const auto valid = model::validateSqlText(resolved.sql); !valid)
        return fail(Usage,
                    QStringLiteral("%1 resolved into SQL that the queue refuses: %2; nothing was submitted")
                        .arg(name, valid.error().message));
    std::fprintf(
        stderr,
        "sluicectl: %s is a psql script: the revision stores the plain SQL that runs (meta-commands as "
        "-- psql: comments), and keeps the script beside it\n",
        qPrintable(name));
    return resolved;
}

QString age(const QDateTime &t)
{
    const auto s = t.secsTo(QDateTime::currentDateTimeUtc());
    if (s < 120)
        return QStringLiteral("%1s").arg(std::max<qint64>(s, 0));
    if (s < 7200)
        return QStringLiteral("%1m").arg(s / 60);
    if (s < 172800)
        return QStringLiteral("%1h").arg(s / 3600);
    return QStringLiteral("%1d").arg(s / 86400);
}

// Tells an agent, right after it submits, what the gate will say about SQL that does not parse.
void warnIfUnparsable(const QByteArray &sql)
{
    const auto script = review::parseScript(std::string_view(sql.constData(), std::size_t(sql.size())));
    if (!script.parses()) {
        std::fprintf(
            stderr,
            "sluicectl: warning: line %d, column %d: %s; the change is queued but cannot be approved "
            "until a revision parses\n",
            script.error->position.line, script.error->position.column, script.error->message.c_str());
    }
}

int cmdInit(Command &c)
{
    if (auto stop = c.parse(QStringLiteral("sluicectl init [--db CONNINFO]"), 0, 0))
        return *stop;
    const auto report = model::SchemaMigrator::migrate(c.value(QStringLiteral("db")));
    if (!report)
        return fail(report.error());
    if (report->applied.isEmpty())
        out() << "queue schema already at version " << report->versionAfter << "\n";
    else
        out() << "queue schema at version " << report->versionAfter << " (applied "
              << report->applied.join(QStringLiteral(", ")) << ")\n";
    return Done;
}

int cmdSubmit(Command &c)
{
    c.option(QStringLiteral("target"), QStringLiteral("Target database the change is for."),
             QStringLiteral("NAME"));
    c.option(QStringLiteral("title"), QStringLiteral("One-line title."), QStringLiteral("TEXT"));
    c.option(QStringLiteral("reason"), QStringLiteral("Why the change is needed."), QStringLiteral("TEXT"));
    c.option(QStringLiteral("on-behalf-of"),
             QStringLiteral("The human this agent acts for (must be registered)."), QStringLiteral("HUMAN"));
    c.writes();
    withPsqlVariables(c);
    const auto usage = QStringLiteral("sluicectl submit --target NAME --title TEXT [--reason TEXT] "
                                      "[--on-behalf-of HUMAN] [--set NAME=VALUE]... [--idempotency-key KEY] "
                                      "[FILE|-]");
    if (auto stop = c.parse(usage, 0, 1))
        return *stop;
    if (c.value(QStringLiteral("target")).isEmpty() || c.value(QStringLiteral("title")).trimmed().isEmpty())
        return fail(Usage, QStringLiteral("submit needs --target and --title\nusage: ") + usage);
    auto sql = readSql(c.positional(0));
    if (std::holds_alternative<int>(sql))
        return std::get<int>(sql);
    auto text = resolvePsql(c, c.positional(0), std::get<QByteArray>(sql));
    if (std::holds_alternative<int>(text))
        return std::get<int>(text);
    if (auto stop = connectQueue(c))
        return *stop;
    model::SubmitRequest request{c.value(QStringLiteral("target")), c.value(QStringLiteral("title")),
                                 c.value(QStringLiteral("reason")), c.value(QStringLiteral("on-behalf-of")),
                                 std::get<RevisionText>(text).sql};
    const auto id = g_client->submit(request, std::get<RevisionText>(text).source, g_idempotencyKey);
    if (!id)
        return fail(id.error());
    out() << *id << "\n";
    warnIfUnparsable(request.sql);
    return Done;
}

int cmdRevise(Command &c)
{
    c.writes();
    withPsqlVariables(c);
    const auto usage =
        QStringLiteral("sluicectl revise ID [--set NAME=VALUE]... [--idempotency-key KEY] [FILE|-]");
    if (auto stop = c.parse(usage, 1, 2))
        return *stop;
    const auto id = changeId(c.positional(0));
    if (!id)
        return fail(Usage, QStringLiteral("%1 is not a change id\nusage: %2").arg(c.positional(0), usage));
    auto sql = readSql(c.positional(1));
    if (std::holds_alternative<int>(sql))
        return std::get<int>(sql);
    auto text = resolvePsql(c, c.positional(1), std::get<QByteArray>(sql));
    if (std::holds_alternative<int>(text))
        return std::get<int>(text);
    if (auto stop = connectQueue(c))
        return *stop;
    const auto &revision = std::get<RevisionText>(text);
    const auto number = g_client->revise(*id, revision.sql, revision.source, g_idempotencyKey);
    if (!number)
        return fail(number.error());
    out() << "change " << *id << " revision " << *number << " is in review\n";
    warnIfUnparsable(revision.sql);
    return Done;
}

int cmdList(Command &c)
{
    c.option(QStringLiteral("status"),
             QStringLiteral("Only changes with this status (review, approved, rejected, "
                            "executing, interrupted, done, failed, cancelled)."),
             QStringLiteral("S"));
    c.withJson();
    if (auto stop = c.parse(QStringLiteral("sluicectl list [--status S] [--json]"), 0, 0))
        return *stop;
    static const QStringList statuses{QStringLiteral("review"),      QStringLiteral("approved"),
                                      QStringLiteral("rejected"),    QStringLiteral("executing"),
                                      QStringLiteral("interrupted"), QStringLiteral("done"),
                                      QStringLiteral("failed"),      QStringLiteral("cancelled")};
    const auto status = c.value(QStringLiteral("status"));
    if (!status.isEmpty() && !statuses.contains(status))
        return fail(Usage, QStringLiteral("unknown status %1; use one of %2")
                               .arg(status, statuses.join(QStringLiteral(", "))));
    if (auto stop = connectQueue(c))
        return *stop;
    const auto changes = g_client->changes(status);
    if (!changes)
        return fail(changes.error());
    if (c.json) {
        QJsonArray array;
        for (const auto &change : *changes)
            array.append(cli::toJson(change));
        printJson(array);
        return Done;
    }
    out() << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                 .arg(QStringLiteral("ID"), 6)
                 .arg(QStringLiteral("STATUS"), -9)
                 .arg(QStringLiteral("TARGET"), -16)
                 .arg(QStringLiteral("AGENT"), -14)
                 .arg(QStringLiteral("FOR"), -12)
                 .arg(QStringLiteral("AGE"), 4)
                 .arg(QStringLiteral("TITLE"));
    for (const auto &change : *changes) {
        out() << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                     .arg(change.id, 6)
                     .arg(change.status, -9)
                     .arg(change.target, -16)
                     .arg(change.agent, -14)
                     .arg(change.onBehalfOf.isEmpty() ? QStringLiteral("-") : change.onBehalfOf, -12)
                     .arg(age(change.createdAt), 4)
                     .arg(change.title);
    }
    return Done;
}

void printShow(const model::ChangeDetail &d)
{
    const auto &s = d.summary;
    auto &o = out();
    o << "change " << s.id << ": " << s.title << "\n";
    o << "  status:      " << s.status << " (" << s.approvals << " of " << s.requiredApprovals
      << " approvals)\n";
    o << "  target:      " << s.target << " (" << s.environment << ")\n";
    o << "  agent:       " << s.agent
      << (s.onBehalfOf.isEmpty() ? QString() : QStringLiteral(" for ") + s.onBehalfOf) << "\n";
    if (!s.reason.isEmpty())
        o << "  reason:      " << s.reason << "\n";
    o << "  revision:    " << s.revision << " sha256 " << s.sha256 << "\n";
    o << "  review:      " << s.maxSeverity << "\n";
    for (const auto &review : d.reviews) {
        if (review.revision != s.revision)
            continue;
        for (const auto &f : review.findings) {
            const auto finding = f.toObject();
            o << "    " << finding.value(QLatin1String("severity")).toString() << " ["
              << finding.value(QLatin1String("rule")).toString() << "] "
              << finding.value(QLatin1String("message")).toString() << "\n";
        }
    }
    for (const auto &analysis : d.analyses) {
        if (analysis.revision != s.revision)
            continue;
        const auto risk = analysis.document.value(QLatin1String("risk")).toObject();
        o << "  risk:        " << analysis.risk << " on " << analysis.target << "\n";
        for (const auto &reason : risk.value(QLatin1String("reasons")).toArray())
            o << "    " << reason.toString() << "\n";
        const auto rollback = analysis.document.value(QLatin1String("rollback")).toObject();
        const auto verified = rollback.value(QLatin1String("verified"));
        o << "  rollback:    "
          << (verified.isBool()
                  ? (verified.toBool() ? QStringLiteral("verified by a round trip on the shadow")
                                       : QStringLiteral("NOT verified: the round trip left "
                                                        "differences"))
                  : QStringLiteral("not verified"))
          << "\n";
        for (const auto &p : analysis.document.value(QLatin1String("probes")).toArray()) {
            const auto finding = p.toObject();
            o << "    " << finding.value(QLatin1String("severity")).toString() << " ["
              << finding.value(QLatin1String("rule")).toString() << "] "
              << finding.value(QLatin1String("message")).toString() << "\n";
        }
    }
    o << "\nrevisions:\n";
    for (const auto &r : d.revisions)
        o << "  " << r.number << "  " << r.sha256 << "  " << r.author << "  "
          << r.createdAt.toString(Qt::ISODate) << "\n";
    if (!d.decisions.isEmpty())
        o << "\ndecisions:\n";
    for (const auto &dec : d.decisions) {
        o << "  revision " << dec.revision << "  " << dec.decision << " by " << dec.decidedBy << " at "
          << dec.decidedAt.toString(Qt::ISODate)
          << (dec.voided ? QStringLiteral(" (voided by a later revision)") : QString())
          << (dec.comment.isEmpty() ? QString() : QStringLiteral(": ") + dec.comment) << "\n";
    }
    if (!d.executions.isEmpty())
        o << "\nexecutions:\n";
    for (const auto &e : d.executions) {
        o << "  " << e.id << "  revision " << e.revision << " on " << e.target << "  " << e.status << " by "
          << e.claimedBy << (e.error.isEmpty() ? QString() : QStringLiteral(": ") + e.error) << "\n";
        if (e.resumeFrom > 1)
            o << "    resumed at statement " << e.resumeFrom << " (the ones before it ran earlier)\n";
        if (!e.resolution.isEmpty())
            o << "    resolved by " << e.resolvedBy << ": " << e.resolution << "\n";
        for (const auto &step : e.steps) {
            o << "    statement " << step.ordinal << "  " << step.outcome
              << (step.rowsAffected ? QStringLiteral("  %1 rows").arg(*step.rowsAffected) : QString())
              << QStringLiteral("  %1 ms").arg(step.durationMs, 0, 'f', 1)
              << (step.error.isEmpty() ? QString() : QStringLiteral("  ") + step.error) << "\n";
        }
    }
    if (!d.revisions.isEmpty())
        o << "\nSQL of revision " << d.revisions.last().number << ":\n" << d.revisions.last().sql << "\n";
}

int cmdShow(Command &c)
{
    c.withJson();
    const auto usage = QStringLiteral("sluicectl show ID [--json]");
    if (auto stop = c.parse(usage, 1, 1))
        return *stop;
    const auto id = changeId(c.positional(0));
    if (!id)
        return fail(Usage, QStringLiteral("%1 is not a change id\nusage: %2").arg(c.positional(0), usage));
    if (auto stop = connectQueue(c))
        return *stop;
    const auto detail = g_client->change(*id);
    if (!detail)
        return fail(detail.error());
    if (c.json)
        printJson(cli::toJson(*detail));
    else
        printShow(*detail);
    return Done;
}

int cmdApprove(Command &c)
{
    c.option(QStringLiteral("revision"), QStringLiteral("sha256 of the revision you reviewed."),
             QStringLiteral("SHA256"));
    c.option(QStringLiteral("comment"), QStringLiteral("Optional comment."), QStringLiteral("TEXT"));
    c.option(QStringLiteral("override"),
             QStringLiteral(
                 "Go ahead despite an error finding: RULE:LINE=REASON (repeat for each error finding)."),
             QStringLiteral("RULE:LINE=REASON"));
    c.writes();
    const auto usage = QStringLiteral("sluicectl approve ID --revision SHA256 [--comment TEXT] "
                                      "[--override RULE:LINE=REASON]... [--idempotency-key KEY]");
    if (auto stop = c.parse(usage, 1, 1))
        return *stop;
    const auto id = changeId(c.positional(0));
    if (!id)
        return fail(Usage, QStringLiteral("%1 is not a change id\nusage: %2").arg(c.positional(0), usage));
    const auto sha = c.value(QStringLiteral("revision")).toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!hex.match(sha).hasMatch())
        return fail(Usage,
                    QStringLiteral("--revision needs the full sha256 (64 hex digits) of the revision you "
                                   "reviewed, as `sluicectl show %1` prints it")
                        .arg(*id));
    QList<model::FindingOverride> overrides;
    static const QRegularExpression overrideForm(QStringLiteral("^([a-z0-9-]+):(\\d+)=(.*)$"));
    for (const auto &value : c.parser.values(QStringLiteral("override"))) {
        const auto m = overrideForm.match(value);
        if (!m.hasMatch() || m.captured(3).trimmed().isEmpty())
            return fail(Usage, QStringLiteral("--override %1: write RULE:LINE=REASON, e.g. "
                                              "--override require-lock-timeout:3=\"the session sets it\"")
                                   .arg(value));
        overrides.append({m.captured(1), m.captured(2).toInt(), m.captured(3).trimmed()});
    }
    if (auto stop = connectQueue(c))
        return *stop;
    const auto status =
        g_client->approve(*id, sha, c.value(QStringLiteral("comment")), overrides, g_idempotencyKey);
    if (!status) {
        // The database lists the error findings that still need a reason: say how to give them.
        auto error = status.error();
        if (error.message.contains(QLatin1String("need an override with a written reason"))) {
            static const QRegularExpression needed(QStringLiteral("([a-z0-9-]+) at line (\\d+)"));
            QStringList flags;
            auto it = needed.globalMatch(error.message.mid(error.message.lastIndexOf(QLatin1String(": "))));
            while (it.hasNext()) {
                const auto m = it.next();
                flags << QStringLiteral("--override %1:%2=\"why it is safe here\"")
                             .arg(m.captured(1), m.captured(2));
            }
            if (!flags.isEmpty())
                error.message += QStringLiteral("\nto go ahead anyway, add: ") + flags.join(QLatin1Char(' '));
        }
        return fail(error);
    }
    out() << "change " << *id << " approved by " << g_client->identity().login << "; status " << *status
          << "\n";
    return Done;
}

int cmdReject(Command &c)
{
    c.option(QStringLiteral("comment"), QStringLiteral("What the author must change (required)."),
             QStringLiteral("TEXT"));
    c.writes();
    const auto usage = QStringLiteral("sluicectl reject ID --comment TEXT [--idempotency-key KEY]");
    if (auto stop = c.parse(usage, 1, 1))
        return *stop;
    const auto id = changeId(c.positional(0));
    if (!id)
        return fail(Usage, QStringLiteral("%1 is not a change id\nusage: %2").arg(c.positional(0), usage));
    if (c.value(QStringLiteral("comment")).trimmed().isEmpty())
        return fail(Usage, QStringLiteral("a rejection needs --comment saying what to change"));
    if (auto stop = connectQueue(c))
        return *stop;
    if (const auto r = g_client->reject(*id, c.value(QStringLiteral("comment")), g_idempotencyKey); !r)
        return fail(r.error());
    out() << "change " << *id << " rejected by " << g_client->identity().login << "\n";
    return Done;
}

int cmdResolve(Command &c)
{
    c.option(QStringLiteral("ran-through"),
             QStringLiteral("You checked the target: statements 1 to N took effect, none after."),
             QStringLiteral("N"));
    c.option(QStringLiteral("retry"),
             QStringLiteral("Run the rest, from the first statement not known to have run (nothing may be in "
                            "doubt)."));
    c.option(QStringLiteral("cancel"), QStringLiteral("Run nothing more; the change is cancelled."));
    c.option(QStringLiteral("comment"), QStringLiteral("Optional comment, kept in the audit log."),
             QStringLiteral("TEXT"));
    const auto usage =
        QStringLiteral("sluicectl resolve ID --ran-through N | --retry | --cancel [--comment TEXT]");
    if (auto stop = c.parse(usage, 1, 1))
        return *stop;
    const auto id = changeId(c.positional(0));
    if (!id)
        return fail(Usage, QStringLiteral("%1 is not a change id\nusage: %2").arg(c.positional(0), usage));
    const bool ranThrough = c.parser.isSet(QStringLiteral("ran-through"));
    const bool retry = c.parser.isSet(QStringLiteral("retry"));
    const bool cancel = c.parser.isSet(QStringLiteral("cancel"));
    if (int(ranThrough) + int(retry) + int(cancel) != 1)
        return fail(Usage,
                    QStringLiteral("say one of --ran-through N, --retry or --cancel\nusage: ") + usage);
    int n = -1;
    if (ranThrough) {
        bool ok = false;
        n = c.value(QStringLiteral("ran-through")).toInt(&ok);
        if (!ok || n < 0)
            return fail(Usage,
                        QStringLiteral("--ran-through takes the number of the last statement that took "
                                       "effect (0: none did)"));
    }
    if (auto stop = connectQueue(c))
        return *stop;
    const auto action = ranThrough ? QStringLiteral("ran_through")
                        : retry    ? QStringLiteral("retry")
                                   : QStringLiteral("cancel");
    const auto status = g_client->resolveExecution(*id, action, n, c.value(QStringLiteral("comment")));
    if (!status)
        return fail(status.error());
    out() << "change " << *id << " resolved by " << g_client->identity().login << "; status " << *status
          << "\n";
    return Done;
}

QString csvField(const QString &s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    return QLatin1Char('"') + QString(s).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

int cmdAudit(Command &c)
{
    c.option(QStringLiteral("format"), QStringLiteral("Export format: csv or json."), QStringLiteral("F"));
    c.withJson();
    const auto usage =
        QStringLiteral("sluicectl audit verify [--json] | sluicectl audit export --format csv|json");
    if (auto stop = c.parse(usage, 1, 1))
        return *stop;
    const auto verb = c.positional(0);
    if (verb == QLatin1String("verify")) {
        if (auto stop = connectQueue(c))
            return *stop;
        const auto v = g_client->verifyAudit();
        if (!v)
            return fail(v.error());
        if (c.json) {
            printJson(QJsonObject{{QStringLiteral("intact"), v->intact()},
                                  {QStringLiteral("rows_checked"), v->rowsChecked},
                                  {QStringLiteral("head_hash"), QString::fromLatin1(v->headHash.toHex())},
                                  {QStringLiteral("first_broken_seq"),
                                   v->firstBrokenSeq ? QJsonValue(*v->firstBrokenSeq) : QJsonValue()},
                                  {QStringLiteral("problem"), v->problem}});
        }
        if (!v->intact()) {
            return fail(AuditBroken,
                        QStringLiteral("audit chain broken at row %1: %2 (%3 rows before it check out)")
                            .arg(*v->firstBrokenSeq)
                            .arg(v->problem)
                            .arg(v->rowsChecked));
        }
        if (!c.json)
            out() << "audit chain intact: " << v->rowsChecked << " rows, head hash " << v->headHash.toHex()
                  << "\n";
        return Done;
    }
    if (verb == QLatin1String("export")) {
        const auto format = c.value(QStringLiteral("format"));
        if (format != QLatin1String("csv") && format != QLatin1String("json"))
            return fail(Usage, QStringLiteral("audit export needs --format csv or --format json"));
        if (auto stop = connectQueue(c))
            return *stop;
        bool first = true;
        if (format == QLatin1String("csv"))
            out() << "seq,at,actor,on_behalf_of,action,change_id,revision_sha256,details,prev_hash,hash\n";
        else
            out() << "[";
        const auto count = g_client->exportAudit([&](const model::AuditRow &row) {
            if (format == QLatin1String("json")) {
                out() << (first ? "\n" : ",\n")
                      << QJsonDocument(cli::toJson(row)).toJson(QJsonDocument::Compact);
            } else {
                out() << row.seq << ',' << row.at.toUTC().toString(Qt::ISODateWithMs) << ','
                      << csvField(row.actor) << ',' << csvField(row.onBehalfOf) << ',' << csvField(row.action)
                      << ',' << (row.changeId ? QString::number(*row.changeId) : QString()) << ','
                      << row.revisionSha256 << ','
                      << csvField(
                             QString::fromUtf8(QJsonDocument(row.details).toJson(QJsonDocument::Compact)))
                      << ',' << row.prevHash.toHex() << ',' << row.hash.toHex() << '\n';
            }
            first = false;
        });
        if (!count)
            return fail(count.error());
        if (format == QLatin1String("json"))
            out() << "\n]\n";
        return Done;
    }
    return fail(Usage, QStringLiteral("unknown audit command %1\nusage: %2").arg(verb, usage));
}

int cmdLint(Command &c)
{
    c.option(QStringLiteral("config"), QStringLiteral("Rule configuration (TOML)."), QStringLiteral("FILE"));
    c.option(QStringLiteral("environment"),
             QStringLiteral("Use the [environments.E] settings of the configuration."), QStringLiteral("E"));
    c.option(QStringLiteral("pg-version"),
             QStringLiteral("Major version of the target PostgreSQL (default 15)."), QStringLiteral("N"));
    c.option(QStringLiteral("format"), QStringLiteral("text (default), json or sarif."), QStringLiteral("F"));
    withPsqlVariables(c);
    const auto usage = QStringLiteral("sluicectl lint [--config F] [--environment E] [--pg-version N] "
                                      "[--format text|json|sarif] [--set NAME=VALUE]... FILE...|-");
    if (auto stop = c.parse(usage, 1, 100000))
        return *stop;
    cli::LintOptions options;
    auto variables = psqlVariables(c);
    if (std::holds_alternative<int>(variables))
        return std::get<int>(variables);
    options.variables = std::move(std::get<0>(variables));
    options.paths = c.parser.positionalArguments();
    options.format =
        c.isSet(QStringLiteral("format")) ? c.value(QStringLiteral("format")) : QStringLiteral("text");
    if (options.format != QLatin1String("text") && options.format != QLatin1String("json") &&
        options.format != QLatin1String("sarif"))
        return fail(Usage, QStringLiteral("unknown format %1; use text, json or sarif").arg(options.format));
    if (c.isSet(QStringLiteral("config"))) {
        QFile file(c.value(QStringLiteral("config")));
        if (!file.open(QIODevice::ReadOnly))
            return fail(Usage, QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        const auto toml = file.readAll();
        std::string error;
        options.config =
            review::Config::fromToml(std::string_view(toml.constData(), std::size_t(toml.size())),
                                     c.value(QStringLiteral("environment")).toStdString(), &error);
        if (!error.empty())
            return fail(Usage, QStringLiteral("%1: %2").arg(file.fileName(), QString::fromStdString(error)));
    } else if (c.isSet(QStringLiteral("environment"))) {
        return fail(Usage, QStringLiteral("--environment needs --config"));
    }
    if (c.isSet(QStringLiteral("pg-version"))) {
        bool ok = false;
        const int version = c.value(QStringLiteral("pg-version")).toInt(&ok);
        if (!ok || version < 9 || version > 30)
            return fail(Usage, QStringLiteral("--pg-version needs a major version such as 15"));
        options.config.pgVersion = version;
    }
    const auto docs = qEnvironmentVariable("SLUICE_RULE_DOCS_DIR");
    options.ruleDocsDir = docs.isEmpty() ? QStringLiteral(SLUICE_RULE_DOCS_DIR) : docs;
    return cli::runLint(options);
}

int cmdAdmin(Command &c)
{
    c.option(QStringLiteral("environment"),
             QStringLiteral("Environment of the target: dev, staging or prod."), QStringLiteral("ENV"));
    c.option(QStringLiteral("tag"), QStringLiteral("A tag for the target (repeatable)."),
             QStringLiteral("TAG"));
    c.option(QStringLiteral("agent"), QStringLiteral("Agent login."), QStringLiteral("LOGIN"));
    c.option(QStringLiteral("human"), QStringLiteral("Human login the agent may act for."),
             QStringLiteral("LOGIN"));
    c.option(QStringLiteral("column"), QStringLiteral("Tag this column of the table rather than the table."),
             QStringLiteral("COLUMN"));
    c.option(QStringLiteral("remove"), QStringLiteral("Remove the tag instead of adding it."));
    c.withJson();
    c.writes();
    const auto usage = QStringLiteral("sluicectl admin target add NAME --environment ENV [--tag TAG]... | "
                                      "sluicectl admin target list [--json] | "
                                      "sluicectl admin delegate --agent LOGIN --human LOGIN | "
                                      "sluicectl admin tag TARGET TABLE TAG [--column COLUMN] [--remove] | "
                                      "sluicectl admin tag list TARGET [--json]");
    if (auto stop = c.parse(usage, 1, 4))
        return *stop;
    const auto words = c.parser.positionalArguments();
    if (words.value(0) == QLatin1String("tag") && words.value(1) == QLatin1String("list") &&
        words.size() == 3) {
        if (auto stop = connectQueue(c))
            return *stop;
        const auto tags = g_client->tags(words[2]);
        if (!tags)
            return fail(tags.error());
        QJsonArray array;
        for (const auto &t : *tags) {
            array.append(QJsonObject{{QStringLiteral("relation"), t.relation},
                                     {QStringLiteral("column"), t.column.isEmpty() ? QJsonValue() : t.column},
                                     {QStringLiteral("tag"), t.tag}});
            if (!c.json)
                out() << t.relation << (t.column.isEmpty() ? QString() : QLatin1Char('.') + t.column) << "  "
                      << t.tag << "\n";
        }
        if (c.json)
            printJson(array);
        return Done;
    }
    if (words.value(0) == QLatin1String("tag") && words.size() == 4) {
        auto table = words[2];
        if (!table.contains(QLatin1Char('.')))
            table.prepend(QStringLiteral("public."));
        const model::RelationTag tag{table, c.value(QStringLiteral("column")), words[3]};
        const bool remove = c.parser.isSet(QStringLiteral("remove"));
        if (auto stop = connectQueue(c))
            return *stop;
        if (const auto r = g_client->setTag(words[1], tag, !remove, g_idempotencyKey); !r)
            return fail(r.error());
        out() << (remove ? "untagged " : "tagged ") << tag.relation
              << (tag.column.isEmpty() ? QString() : QLatin1Char('.') + tag.column) << " on " << words[1]
              << (remove ? " (no longer " : " as ") << tag.tag << (remove ? ")" : "") << "\n";
        return Done;
    }
    if (words.value(0) == QLatin1String("target") && words.value(1) == QLatin1String("add") &&
        words.size() == 3) {
        if (c.value(QStringLiteral("environment")).isEmpty())
            return fail(Usage, QStringLiteral("admin target add needs --environment"));
        if (auto stop = connectQueue(c))
            return *stop;
        if (const auto r = g_client->addTarget(
                {words[2], c.value(QStringLiteral("environment")), c.parser.values(QStringLiteral("tag"))},
                g_idempotencyKey);
            !r)
            return fail(r.error());
        out() << "target " << words[2] << " added (" << c.value(QStringLiteral("environment")) << ")\n";
        return Done;
    }
    if (words.value(0) == QLatin1String("target") && words.value(1) == QLatin1String("list") &&
        words.size() == 2) {
        if (auto stop = connectQueue(c))
            return *stop;
        const auto targets = g_client->targets();
        if (!targets)
            return fail(targets.error());
        QJsonArray array;
        for (const auto &t : *targets) {
            array.append(cli::toJson(t));
            if (!c.json)
                out() << t.name << "  " << t.environment << "  " << t.tags.join(QLatin1Char(',')) << "\n";
        }
        if (c.json)
            printJson(array);
        return Done;
    }
    if (words.value(0) == QLatin1String("delegate") && words.size() == 1) {
        if (c.value(QStringLiteral("agent")).isEmpty() || c.value(QStringLiteral("human")).isEmpty())
            return fail(Usage, QStringLiteral("admin delegate needs --agent and --human"));
        if (auto stop = connectQueue(c))
            return *stop;
        if (const auto r = g_client->delegate(c.value(QStringLiteral("agent")),
                                              c.value(QStringLiteral("human")), g_idempotencyKey);
            !r)
            return fail(r.error());
        out() << c.value(QStringLiteral("agent")) << " may now act for " << c.value(QStringLiteral("human"))
              << "\n";
        return Done;
    }
    return fail(Usage, QStringLiteral("usage: ") + usage);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sluicectl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));

    QStringList args = app.arguments();
    // Global --db may come before the command: sluicectl --db X list.
    QString db;
    for (int i = 1; i < args.size();) {
        if (args[i] == QLatin1String("--db") && i + 1 < args.size()) {
            db = args[i + 1];
            args.remove(i, 2);
        } else if (args[i].startsWith(QLatin1String("--db="))) {
            db = args[i].mid(5);
            args.remove(i);
        } else {
            break;
        }
    }
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h") ||
        args[1] == QLatin1String("help")) {
        out() << kOverview;
        return args.size() < 2 ? Usage : Done;
    }
    if (args[1] == QLatin1String("--version")) {
        out() << "sluicectl " << SLUICE_VERSION << " (queue schema " << model::SchemaMigrator::knownVersion()
              << ")\n";
        return Done;
    }
    static const std::map<QString, std::pair<const char *, std::function<int(Command &)>>> commands{
        {QStringLiteral("init"), {"Create or upgrade the queue schema.", cmdInit}},
        {QStringLiteral("submit"), {"Submit a migration as a new change; prints its id.", cmdSubmit}},
        {QStringLiteral("revise"),
         {"Submit a new revision of a change; earlier approvals are voided.", cmdRevise}},
        {QStringLiteral("list"), {"List the changes you can see, what needs a decision first.", cmdList}},
        {QStringLiteral("show"),
         {"Show a change with its revisions, review, decisions and executions.", cmdShow}},
        {QStringLiteral("approve"), {"Approve the revision you reviewed, named by its sha256.", cmdApprove}},
        {QStringLiteral("reject"), {"Reject a change with a comment.", cmdReject}},
        {QStringLiteral("resolve"),
         {"Resolve an interrupted execution: what ran, run the rest, or cancel.", cmdResolve}},
        {QStringLiteral("lint"), {"Review migrations offline with the rules of the gate.", cmdLint}},
        {QStringLiteral("audit"), {"Verify or export the hash-chained audit log.", cmdAudit}},
        {QStringLiteral("admin"), {"Register targets and delegations.", cmdAdmin}},
    };
    const auto name = args[1];
    const auto found = commands.find(name);
    if (found == commands.end())
        return fail(Usage, QStringLiteral("unknown command %1; run 'sluicectl --help'").arg(name));
    QStringList commandArgs{QStringLiteral("sluicectl ") + name};
    commandArgs += args.mid(2);
    if (!db.isEmpty())
        commandArgs << QStringLiteral("--db") << db;
    Command command(QString::fromLatin1(found->second.first), commandArgs);
    const int code = found->second.second(command);
    out().flush();
    return code;
}
