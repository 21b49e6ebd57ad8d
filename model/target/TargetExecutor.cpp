#include "target/TargetExecutor.h"

#include "queue/Pg.h"
#include "review/Script.h"

#include <QCryptographicHash>
#include <QElapsedTimer>

namespace sluice::model {
namespace {

// How a run of statements meets the target's transactions.
enum class Span {
    Script, // the whole script, in one transaction of the executor's
    Block,  // the script's own BEGIN ... COMMIT (or ROLLBACK)
    Single, // one statement outside the script's blocks, in a transaction of the executor's
    Bare,   // one statement that refuses a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...)
};

struct Run
{
    qsizetype first = 0; // indexes into the steps
    qsizetype last = 0;
    Span span = Span::Bare;
};

std::string_view transactionKind(const review::Statement &s)
{
    return s.kind == "TransactionStmt" ? s.tree.body()["kind"].str() : std::string_view();
}

bool opensBlock(std::string_view kind)
{
    return kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START";
}

bool endsBlock(std::string_view kind)
{
    return kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK" || kind == "TRANS_STMT_PREPARE";
}

QList<Run> plan(const review::Script &script, qsizetype from)
{
    const auto n = qsizetype(script.statements.size());
    if (from >= n)
        return {};
    if (script.canRunInOneTransaction())
        return {{from, n - 1, Span::Script}};
    QList<Run> runs;
    for (auto i = from; i < n;) {
        const auto &s = script.statements[std::size_t(i)];
        if (opensBlock(transactionKind(s))) {
            auto last = i + 1;
            while (last < n && !endsBlock(transactionKind(script.statements[std::size_t(last)])))
                ++last;
            last = std::min(last, n - 1);
            runs.append({i, last, Span::Block});
            i = last + 1;
        } else {
            runs.append({i, i, s.canRunInTransaction && !s.isTransactionControl ? Span::Single : Span::Bare});
            ++i;
        }
    }
    return runs;
}

enum class Ran { Succeeded, Failed, Lost };

// Runs one step. Lost: the connection broke, so whether it took effect is not known here.
Ran runStep(pqxx::nontransaction &session, const QByteArray &sql, ExecutionStep &step)
{
    QElapsedTimer timer;
    timer.start();
    Ran ran = Ran::Succeeded;
    try {
        const auto result =
            session.exec(sql.mid(step.byteStart, step.byteEnd - step.byteStart).toStdString());
        step.outcome = QStringLiteral("succeeded");
        if (result.affected_rows() > 0 || result.columns() == 0)
            step.rowsAffected = result.affected_rows();
    } catch (const pqxx::broken_connection &e) {
        step.error = pg::errorFrom(e).message;
        ran = Ran::Lost;
    } catch (const pqxx::in_doubt_error &e) {
        step.error = pg::errorFrom(e).message;
        ran = Ran::Lost;
    } catch (const std::exception &e) {
        step.outcome = QStringLiteral("failed");
        step.error = pg::errorFrom(e).message;
        ran = Ran::Failed;
    }
    step.durationMs = double(timer.nsecsElapsed()) / 1e6;
    return ran;
}

// One execution on one target session. Steps are indexed from the execution's first statement.
class Runner
{
public:
    Runner(pqxx::nontransaction &session, const QByteArray &sql, const review::Script &script,
           qsizetype offset, const ExecutionJournal &journal, ExecutionResult &result)
        : m_session(session), m_sql(sql), m_script(script), m_offset(offset), m_journal(journal),
          m_result(result)
    {
    }

    // False when the execution stopped (failed, or unsettled).
    bool run(const Run &run)
    {
        switch (run.span) {
        case Span::Bare:
            return bare(run.first);
        case Span::Block:
            return inTransaction(run, false);
        case Span::Script:
        case Span::Single:
            return inTransaction(run, true);
        }
        return false;
    }

    bool flush()
    {
        if (m_pending.isEmpty())
            return true;
        if (!m_journal.record(m_pending))
            return unsettled(QStringLiteral("the queue could not record the outcome of statement %1")
                                 .arg(m_pending.last().ordinal));
        m_pending.clear();
        return true;
    }

private:
    ExecutionStep &step(qsizetype i) { return m_result.steps[i]; }

    std::string_view kindOf(qsizetype i) const
    {
        return transactionKind(m_script.statements[std::size_t(i + m_offset)]);
    }

    void boundary(const ExecutionStep &s) const
    {
        if (m_journal.boundary)
            m_journal.boundary(s.ordinal);
    }

    bool unsettled(const QString &why)
    {
        m_result.settled = false;
        m_result.error = why + QStringLiteral("; sluiced stopped, and the recovery decides from the target");
        return false;
    }

    bool lost(const ExecutionStep &s)
    {
        return unsettled(QStringLiteral("statement %1: %2").arg(s.ordinal).arg(s.error));
    }

    // Records the failure with what came before it; the execution ends.
    bool failed(const QString &why)
    {
        m_result.error = why;
        flush();
        return false;
    }

    // Sends what the executor itself says to the target (begin, commit, rollback, txid_current()).
    std::optional<pqxx::result> own(const char *sql)
    {
        try {
            return m_session.exec(sql);
        } catch (const std::exception &e) {
            m_ownError = pg::errorFrom(e);
            return std::nullopt;
        }
    }

    bool bare(qsizetype i)
    {
        auto &s = step(i);
        s.outcome = QStringLiteral("started");
        m_pending.append(s);
        if (!flush())
            return false;
        const auto ran = runStep(m_session, m_sql, s);
        if (ran == Ran::Lost)
            return lost(s);
        boundary(s);
        m_pending.append(s);
        if (ran == Ran::Failed) {
            return failed(
                QStringLiteral("statement %1 failed: %2; earlier statements were committed (the script "
                               "cannot run in one transaction)")
                    .arg(s.ordinal)
                    .arg(s.error));
        }
        return true;
    }

    // ownTransaction: the executor opens and commits the transaction; otherwise the run is the script's own
    // BEGIN ... COMMIT.
    bool inTransaction(const Run &run, bool ownTransaction)
    {
        auto first = run.first;
        if (ownTransaction) {
            if (!own("begin"))
                return unsettled(QStringLiteral("cannot begin a transaction: %1").arg(m_ownError.message));
        } else {
            const auto ran = runStep(m_session, m_sql, step(first));
            if (ran == Ran::Lost)
                return lost(step(first));
            if (ran == Ran::Failed) {
                m_pending.append(step(first));
                return failed(QStringLiteral("statement %1 failed: %2")
                                  .arg(step(first).ordinal)
                                  .arg(step(first).error));
            }
            ++first;
        }
        const auto xid = own("select txid_current()");
        if (!xid)
            return unsettled(QStringLiteral("cannot read the transaction's id: %1").arg(m_ownError.message));
        const auto id = (*xid)[0][0].as<qint64>();
        for (auto i = run.first; i <= run.last; ++i) {
            step(i).targetXid = id;
            auto started = step(i);
            started.outcome = QStringLiteral("started");
            m_pending.append(started);
        }
        // The transaction's id is in the queue before anything of it runs: after a crash, its status on the
        // target says whether all of it took effect or none.
        if (!flush()) {
            own("rollback");
            return false;
        }
        if (!ownTransaction)
            boundary(step(run.first));
        for (auto i = first; i <= run.last; ++i) {
            const auto ran = runStep(m_session, m_sql, step(i));
            if (ran == Ran::Lost)
                return lost(step(i));
            if (ran == Ran::Failed) {
                own("rollback");
                settle(run, i);
                return failed(QStringLiteral("statement %1 failed: %2; the transaction was rolled back")
                                  .arg(step(i).ordinal)
                                  .arg(step(i).error));
            }
            if (i < run.last || !ownTransaction)
                boundary(step(i));
        }
        if (ownTransaction) {
            if (!own("commit")) {
                if (m_ownError.kind == Error::Kind::Connection || m_ownError.sqlState.isEmpty())
                    return unsettled(QStringLiteral("the commit: %1").arg(m_ownError.message));
                settle(run, run.last + 1);
                return failed(QStringLiteral("the commit failed: %1").arg(m_ownError.message));
            }
            boundary(step(run.last));
        } else if (!endsBlock(kindOf(run.last))) {
            own("rollback");
            settle(run, run.last + 1);
            return failed(
                QStringLiteral("the transaction the script opens at statement %1 has no COMMIT; it was "
                               "rolled back")
                    .arg(step(run.first).ordinal));
        } else if (kindOf(run.last) == "TRANS_STMT_ROLLBACK") {
            // The script rolls its own transaction back: what ran in it took no effect.
            settle(run, run.last);
            return true;
        }
        for (auto i = run.first; i <= run.last; ++i)
            m_pending.append(step(i));
        return true;
    }

    // Queues the run's outcomes: its statements before upTo were rolled back, those after it never ran.
    void settle(const Run &run, qsizetype upTo)
    {
        for (auto i = run.first; i <= run.last; ++i) {
            if (i < upTo)
                step(i).outcome = QStringLiteral("rolled_back");
            else if (i > upTo)
                step(i).outcome = QStringLiteral("not_run");
            m_pending.append(step(i));
        }
    }

    pqxx::nontransaction &m_session;
    const QByteArray &m_sql;
    const review::Script &m_script;
    qsizetype m_offset;
    const ExecutionJournal &m_journal;
    ExecutionResult &m_result;
    QList<ExecutionStep> m_pending;
    Error m_ownError;
};

} // namespace

QString TargetExecutor::sessionName(qint64 executionId)
{
    return QStringLiteral("sluiced execution %1").arg(executionId);
}

ExecutionResult TargetExecutor::run(const QString &conninfo, const QByteArray &sql,
                                    const QString &approvedSha256, const ExecutionSettings &settings,
                                    qint64 executionId, const ExecutionJournal &journal)
{
    ExecutionResult result;
    const auto sha = QString::fromLatin1(QCryptographicHash::hash(sql, QCryptographicHash::Sha256).toHex());
    if (sha != approvedSha256) {
        result.error =
            QStringLiteral("the SQL about to run (sha256 %1) is not the approved revision (sha256 %2); "
                           "nothing was run")
                .arg(sha, approvedSha256);
        return result;
    }
    const auto script = review::parseScript(std::string_view(sql.constData(), std::size_t(sql.size())));
    if (!script.parses()) {
        result.error = QStringLiteral("the SQL does not parse (line %1: %2); nothing was run")
                           .arg(script.error->position.line)
                           .arg(QString::fromStdString(script.error->message));
        return result;
    }
    const auto from = journal.start(int(script.statements.size()));
    if (!from) {
        result.settled = false;
        result.error = QStringLiteral("the queue did not hand the execution over; nothing was run");
        return result;
    }
    for (std::size_t i = std::size_t(*from - 1); i < script.statements.size(); ++i) {
        const auto &s = script.statements[i];
        result.steps.append(
            {int(i) + 1, int(s.range.begin), int(s.range.end), QStringLiteral("not_run"), {}, {}, 0, {}});
    }

    auto connection = pg::connect(conninfo);
    if (!connection) {
        result.error = connection.error().message + QStringLiteral("; nothing was run");
        return result;
    }
    const auto configured = pg::guarded([&] {
        pqxx::nontransaction session(**connection);
        // client_connection_check_interval: a statement whose runner died stops instead of running on.
        session.exec_params(
            "select set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false), "
            "set_config('application_name', $3, false), "
            "set_config('client_connection_check_interval', '1s', false)",
            settings.lockTimeout.toStdString(), settings.statementTimeout.toStdString(),
            sessionName(executionId).toStdString());
    });
    if (!configured) {
        result.error = QStringLiteral("cannot set the session's timeouts: %1; nothing was run")
                           .arg(configured.error().message);
        return result;
    }

    pqxx::nontransaction session(**connection);
    const auto offset = qsizetype(*from - 1);
    Runner runner(session, sql, script, offset, journal, result);
    if (journal.boundary)
        journal.boundary(*from - 1);
    for (auto run : plan(script, offset)) {
        run.first -= offset;
        run.last -= offset;
        if (!runner.run(run))
            return result;
    }
    result.succeeded = runner.flush();
    return result;
}

} // namespace sluice::model
