#include "queue/Pg.h"

#include <QDateTime>

namespace sluice::model::pg {
namespace {

// libpq messages read "ERROR:  text\nDETAIL: ...\nCONTEXT: ...": a DBA wants the text.
QString firstLine(const char *what)
{
    QString message = QString::fromUtf8(what).trimmed();
    for (const char *prefix : {"ERROR:  ", "FATAL:  ", "ERROR: ", "FATAL: "}) {
        if (message.startsWith(QLatin1String(prefix)))
            message = message.mid(int(qstrlen(prefix)));
    }
    const auto newline = message.indexOf(QLatin1Char('\n'));
    return (newline < 0 ? message : message.left(newline)).trimmed();
}

Error::Kind kindOfSqlState(const std::string &state)
{
    if (state == "42501")
        return Error::Kind::Permission;
    if (state.rfind("SLC", 0) == 0 || state == "40001" || state == "40P01")
        return Error::Kind::Conflict;
    if (state.rfind("SLN", 0) == 0)
        return Error::Kind::NotFound;
    if (state.rfind("SLI", 0) == 0 || state.rfind("22", 0) == 0)
        return Error::Kind::Invalid;
    if (state == "55000")
        return Error::Kind::State;
    // 57P01-57P03: the server shuts down, crashed, or is starting up; a connection failure all the same.
    if (state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0)
        return Error::Kind::Connection;
    return Error::Kind::Internal;
}

} // namespace

std::string sqlStateOf(const pqxx::sql_error &e)
{
    if (!e.sqlstate().empty())
        return e.sqlstate();
    // libpqxx 6.4 throws these subclasses without filling in the SQLSTATE.
    if (dynamic_cast<const pqxx::insufficient_privilege *>(&e))
        return "42501";
    if (dynamic_cast<const pqxx::data_exception *>(&e))
        return "22000";
    if (dynamic_cast<const pqxx::integrity_constraint_violation *>(&e))
        return "23000";
    return {};
}

Error errorFrom(const std::exception &e)
{
    if (const auto *sql = dynamic_cast<const pqxx::sql_error *>(&e)) {
        const auto state = sqlStateOf(*sql);
        return Error{kindOfSqlState(state), firstLine(e.what()), QString::fromStdString(state)};
    }
    // Before broken_connection: the connection broke during COMMIT, and nobody can tell whether it took.
    if (dynamic_cast<const pqxx::in_doubt_error *>(&e)) {
        return Error{
            Error::Kind::InDoubt,
            QStringLiteral("the connection to the database was lost while the write committed, so it "
                           "may or may not have been done"),
            {}};
    }
    if (dynamic_cast<const pqxx::broken_connection *>(&e)) {
        return Error{Error::Kind::Connection,
                     QStringLiteral("lost the connection to the database: %1").arg(firstLine(e.what())),
                     {}};
    }
    if (dynamic_cast<const pqxx::transaction_rollback *>(&e)) {
        return Error{Error::Kind::Conflict, firstLine(e.what()), {}};
    }
    return Error{Error::Kind::Internal, firstLine(e.what()), {}};
}

Result<std::unique_ptr<pqxx::connection>> connect(const QString &conninfo)
{
    try {
        return std::make_unique<pqxx::connection>(conninfo.toStdString());
    } catch (const std::exception &e) {
        return Error{Error::Kind::Connection,
                     QStringLiteral("cannot connect to the database: %1").arg(firstLine(e.what())),
                     {}};
    }
}

QDateTime timestamp(const pqxx::field &f)
{
    if (f.is_null())
        return {};
    // Queries select timestamps as epoch seconds (extract(epoch from ...)) to avoid parsing textual time
    // zones.
    return QDateTime::fromMSecsSinceEpoch(qint64(f.as<double>() * 1000.0), Qt::UTC);
}

} // namespace sluice::model::pg
