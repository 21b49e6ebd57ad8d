#include "TestDatabase.h"

#include "queue/SchemaMigrator.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <pqxx/pqxx>
#include <stdexcept>
#include <unistd.h>

namespace sluice::test {
namespace {

struct LoginSpec
{
    TestDatabase::Login login;
    const char *suffix;
    const char *roles;
};

constexpr LoginSpec kLogins[] = {
    {TestDatabase::Login::Agent, "agent", "sluice_agent"},
    {TestDatabase::Login::Agent2, "agent2", "sluice_agent"},
    {TestDatabase::Login::Human, "human", ""},
    {TestDatabase::Login::Dba, "dba", "sluice_dba"},
    {TestDatabase::Login::Dba2, "dba2", "sluice_dba"},
    {TestDatabase::Login::Oncall, "oncall", "sluice_oncall"},
    {TestDatabase::Login::Auditor, "auditor", "sluice_auditor"},
    {TestDatabase::Login::Admin, "admin", "sluice_admin"},
    {TestDatabase::Login::Service, "service", "sluice_service"},
    {TestDatabase::Login::Nobody, "nobody", ""},
};

const LoginSpec &spec(TestDatabase::Login login)
{
    for (const auto &s : kLogins) {
        if (s.login == login)
            return s;
    }
    throw std::logic_error("unknown login");
}

} // namespace

TestDatabase::TestDatabase(QString server, QString database, QString prefix)
    : m_server(std::move(server)), m_database(std::move(database)), m_prefix(std::move(prefix))
{
}

std::unique_ptr<TestDatabase> TestDatabase::create(const QString &name, QString *error)
{
    const auto server = qEnvironmentVariable("SLUICE_TEST_PG");
    if (server.isEmpty()) {
        *error = QStringLiteral(
            "SLUICE_TEST_PG is not set: run the tests through ctest, whose fixture starts PostgreSQL");
        return nullptr;
    }
    const auto prefix = QStringLiteral("t%1_%2_%3")
                            .arg(::getpid())
                            .arg(QRandomGenerator::global()->bounded(100000))
                            .arg(name.left(20).toLower());
    std::unique_ptr<TestDatabase> db(new TestDatabase(server, prefix, prefix));
    try {
        pqxx::connection admin((server + QStringLiteral(" dbname=postgres")).toStdString());
        pqxx::nontransaction tx(admin);
        tx.exec("create database " + tx.quote_name(prefix.toStdString()));
    } catch (const std::exception &e) {
        *error = QStringLiteral("cannot create a test database on the test cluster (%1): %2")
                     .arg(server, QString::fromUtf8(e.what()));
        return nullptr;
    }
    // The queue's roles exist once a queue schema has been applied.
    const auto migrated = model::SchemaMigrator::migrate(db->superuserConninfo());
    if (!migrated) {
        *error = QStringLiteral("sluicectl init failed: %1").arg(migrated.error().message);
        return nullptr;
    }
    try {
        pqxx::connection admin((server + QStringLiteral(" dbname=postgres")).toStdString());
        pqxx::nontransaction tx(admin);
        for (const auto &s : kLogins) {
            const auto role = prefix + QLatin1Char('_') + QLatin1String(s.suffix);
            std::string sql = "create role " + tx.quote_name(role.toStdString()) + " login";
            if (*s.roles)
                sql += std::string(" in role ") + s.roles;
            tx.exec(sql);
        }
    } catch (const std::exception &e) {
        *error = QStringLiteral("cannot create the test logins: %1").arg(QString::fromUtf8(e.what()));
        return nullptr;
    }
    return db;
}

TestDatabase::~TestDatabase()
{
    try {
        pqxx::connection admin((m_server + QStringLiteral(" dbname=postgres")).toStdString());
        pqxx::nontransaction tx(admin);
        for (const auto &database : m_extraDatabases + QStringList{m_database})
            tx.exec("drop database if exists " + tx.quote_name(database.toStdString()) + " with (force)");
        for (const auto &s : kLogins)
            tx.exec("drop role if exists " +
                    tx.quote_name((m_prefix + QLatin1Char('_') + QLatin1String(s.suffix)).toStdString()));
    } catch (const std::exception &e) {
        qWarning("could not clean up test database %s: %s", qPrintable(m_database), e.what());
    }
}

QString TestDatabase::conninfoFor(const QString &user, const QString &database) const
{
    return QStringLiteral("%1 dbname=%2 user=%3").arg(m_server, database, user);
}

QString TestDatabase::login(Login login) const
{
    return m_prefix + QLatin1Char('_') + QLatin1String(spec(login).suffix);
}

QString TestDatabase::conninfo(Login l) const
{
    return conninfoFor(login(l), m_database);
}

QString TestDatabase::tcpConninfo(Login l, bool tls) const
{
    const auto server = qEnvironmentVariable("SLUICE_TEST_PG_TCP");
    if (server.isEmpty())
        throw std::runtime_error("SLUICE_TEST_PG_TCP is not set: run the tests through ctest");
    return QStringLiteral("%1 dbname=%2 user=%3 sslmode=%4")
        .arg(server, m_database, login(l), tls ? QStringLiteral("require") : QStringLiteral("disable"));
}

QString TestDatabase::superuserConninfo() const
{
    return conninfoFor(QStringLiteral("postgres"), m_database);
}

void TestDatabase::exec(const QString &sql, std::optional<Login> as) const
{
    (void)scalar(sql, as);
}

QString TestDatabase::scalar(const QString &sql, std::optional<Login> as) const
{
    pqxx::connection c((as ? conninfo(*as) : superuserConninfo()).toStdString());
    pqxx::work tx(c);
    const auto result = tx.exec(sql.toStdString());
    tx.commit();
    return result.empty() || result.columns() == 0 || result[0][0].is_null()
               ? QString()
               : QString::fromUtf8(result[0][0].c_str());
}

QString TestDatabase::createTargetDatabase(const QString &suffix)
{
    const auto name = m_database + QLatin1Char('_') + suffix;
    pqxx::connection admin((m_server + QStringLiteral(" dbname=postgres")).toStdString());
    pqxx::nontransaction tx(admin);
    tx.exec("create database " + tx.quote_name(name.toStdString()));
    m_extraDatabases.append(name);
    return conninfoFor(QStringLiteral("postgres"), name);
}

void TestDatabase::addStandardTarget(const QString &environment)
{
    exec(QStringLiteral("select sluice_api.add_target('shop', '%1', array['pii'])").arg(environment),
         Login::Admin);
    exec(QStringLiteral("select sluice_api.delegate('%1', '%2')")
             .arg(login(Login::Agent), login(Login::Human)),
         Login::Admin);
}

} // namespace sluice::test
