#include "queue/SchemaMigrator.h"

#include "queue/Pg.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace sluice::model {
namespace {

// Any constant would do; it must match no other advisory lock of the queue (the audit chain uses 7302551, 1).
constexpr int kLockClass = 7302551;
constexpr int kMigrationLock = 0;

struct Migration
{
    int version;
    QString name;
    QByteArray sql;
};

QByteArray readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QList<Migration> knownMigrations()
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{3})_([a-z0-9_]+)\\.sql$"));
    QList<Migration> migrations;
    const auto names =
        QDir(QStringLiteral(":/schema")).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const auto &name : names) {
        const auto match = pattern.match(name);
        if (match.hasMatch())
            migrations.append(
                {match.captured(1).toInt(), name, readResource(QStringLiteral(":/schema/") + name)});
    }
    return migrations;
}

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

int SchemaMigrator::knownVersion()
{
    const auto migrations = knownMigrations();
    return migrations.isEmpty() ? 0 : migrations.last().version;
}

Result<MigrationReport> SchemaMigrator::migrate(const QString &conninfo)
{
    auto connection = pg::connect(conninfo);
    if (!connection)
        return connection.error();
    return pg::guarded([&]() -> Result<MigrationReport> {
        pqxx::work tx(**connection);
        tx.exec_params("select pg_advisory_xact_lock($1, $2)", kLockClass, kMigrationLock);
        tx.exec(readResource(QStringLiteral(":/schema/bootstrap.sql")).toStdString());

        MigrationReport report;
        QHash<int, QString> appliedSha;
        for (const auto &row :
             tx.exec("select version, sha256 from sluice.schema_version order by version")) {
            appliedSha.insert(row[0].as<int>(), pg::qstr(row[1]));
            report.versionBefore = std::max(report.versionBefore, row[0].as<int>());
        }
        if (report.versionBefore > knownVersion()) {
            return Error{
                Error::Kind::Schema,
                QStringLiteral("the queue schema is at version %1, newer than this build of Sluice knows "
                               "(%2); upgrade Sluice")
                    .arg(report.versionBefore)
                    .arg(knownVersion()),
                {}};
        }
        for (const auto &migration : knownMigrations()) {
            const auto sha = sha256Hex(migration.sql);
            if (appliedSha.contains(migration.version)) {
                if (appliedSha.value(migration.version) != sha) {
                    return Error{
                        Error::Kind::Schema,
                        QStringLiteral("queue schema migration %1 was applied with different content "
                                       "than this build's %2; refusing to go on")
                            .arg(migration.version)
                            .arg(migration.name),
                        {}};
                }
                continue;
            }
            tx.exec(migration.sql.toStdString());
            tx.exec_params("insert into sluice.schema_version (version, name, sha256) values ($1, $2, $3)",
                           migration.version, migration.name.toStdString(), sha.toStdString());
            report.applied.append(migration.name);
        }
        report.versionAfter = knownVersion();
        tx.commit();
        return report;
    });
}

} // namespace sluice::model
