#pragma once

#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace sluice::test {

// A fresh queue database on the test cluster that the CTest fixture started (SLUICE_TEST_PG names it), with
// the queue schema applied and one login per role. A missing cluster is a failure, never a skip.
class TestDatabase
{
public:
    // Logins created for every database, each granted the role in its name; "human" and "nobody" get no role.
    enum class Login { Agent, Agent2, Human, Dba, Dba2, Oncall, Auditor, Admin, Service, Nobody };

    // Returns nullptr and sets error when the cluster is missing or the schema cannot be applied.
    static std::unique_ptr<TestDatabase> create(const QString &name, QString *error);
    ~TestDatabase();

    // Over the Unix socket, as every client in the tests connects unless the test is about TCP or TLS.
    [[nodiscard]] QString conninfo(Login login) const;
    // Over TCP to 127.0.0.1 (SLUICE_TEST_PG_TCP), with sslmode=require when tls is set.
    [[nodiscard]] QString tcpConninfo(Login login, bool tls) const;
    [[nodiscard]] QString superuserConninfo() const;
    [[nodiscard]] QString login(Login login) const;
    [[nodiscard]] const QString &databaseName() const { return m_database; }

    // Runs SQL as a login (default: the superuser); throws std::exception with the server's message on
    // failure.
    void exec(const QString &sql, std::optional<Login> as = std::nullopt) const;
    [[nodiscard]] QString scalar(const QString &sql, std::optional<Login> as = std::nullopt) const;

    // Another database on the same cluster, to serve as a target; dropped with this one.
    [[nodiscard]] QString createTargetDatabase(const QString &suffix);

    // Standard set-up for queue tests: target "shop" (dev) and the agent registered to act for the human.
    void addStandardTarget(const QString &environment = QStringLiteral("dev"));

private:
    TestDatabase(QString server, QString database, QString prefix);
    [[nodiscard]] QString conninfoFor(const QString &user, const QString &database) const;

    QString m_server;
    QString m_database;
    QString m_prefix;
    QStringList m_extraDatabases;
};

} // namespace sluice::test
