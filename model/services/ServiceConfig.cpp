#include "services/ServiceConfig.h"

#include "review/Config.h"

#include <QFile>
#include <toml++/toml.h>

namespace sluice::model {
namespace {

Error invalid(const QString &origin, const QString &what)
{
    return Error{Error::Kind::Invalid, QStringLiteral("%1: %2").arg(origin, what), {}};
}

QString text(const toml::node_view<const toml::node> &node)
{
    return QString::fromStdString(node.value_or(std::string()));
}

} // namespace

Result<ServiceConfig> ServiceConfig::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(path,
                       QStringLiteral("cannot read the configuration file: %1").arg(file.errorString()));
    return parse(file.readAll(), path);
}

Result<ServiceConfig> ServiceConfig::parse(const QByteArray &toml, const QString &origin)
{
    toml::table root;
    try {
        root =
            toml::parse(std::string_view(toml.constData(), std::size_t(toml.size())), origin.toStdString());
    } catch (const toml::parse_error &e) {
        return invalid(
            origin, QStringLiteral("line %1: %2")
                        .arg(e.source().begin.line)
                        .arg(QString::fromUtf8(e.description().data(), qsizetype(e.description().size()))));
    }
    const toml::table &config = root;
    ServiceConfig c;
    c.queueConninfo = text(config["queue"]["conninfo"]);
    if (!config["queue"]["conninfo"].is_string())
        return invalid(origin, QStringLiteral("[queue] needs conninfo = \"...\" (a libpq conninfo or URI)"));
    if (const auto *execution = config["execution"].as_table()) {
        c.execution.lockTimeout =
            QString::fromStdString((*execution)["lock_timeout"].value_or(std::string("5s")));
        c.execution.statementTimeout =
            QString::fromStdString((*execution)["statement_timeout"].value_or(std::string("15min")));
        c.pollSeconds = int((*execution)["poll_seconds"].value_or(int64_t(30)));
        if (c.pollSeconds < 1)
            return invalid(origin, QStringLiteral("[execution] poll_seconds must be at least 1"));
        c.leaseSeconds = int((*execution)["lease_seconds"].value_or(int64_t(c.leaseSeconds)));
        if (c.leaseSeconds < 1)
            return invalid(origin, QStringLiteral("[execution] lease_seconds must be at least 1"));
        c.recordRetrySeconds =
            int((*execution)["record_retry_seconds"].value_or(int64_t(c.recordRetrySeconds)));
        if (c.recordRetrySeconds < 0)
            return invalid(origin, QStringLiteral("[execution] record_retry_seconds cannot be negative"));
    }
    c.reviewBudget.seconds =
        int(config["review"]["budget_seconds"].value_or(int64_t(c.reviewBudget.seconds)));
    c.reviewBudget.memoryMiB =
        int(config["review"]["budget_memory_mib"].value_or(int64_t(c.reviewBudget.memoryMiB)));
    if (c.reviewBudget.seconds < 1 || c.reviewBudget.memoryMiB < 64)
        return invalid(origin,
                       QStringLiteral("[review] budget_seconds must be at least 1 and budget_memory_mib "
                                      "at least 64"));
    c.analysisBudgetSeconds =
        int(config["analysis"]["budget_seconds"].value_or(int64_t(c.analysisBudgetSeconds)));
    if (c.analysisBudgetSeconds < 1)
        return invalid(origin, QStringLiteral("[analysis] budget_seconds must be at least 1"));
    c.testPauseAfterStatement = int(config["test"]["pause_after_statement"].value_or(int64_t(-1)));
    c.testHoldReviews = config["test"]["hold_reviews"].value_or(false);
    if (const auto path = text(config["review"]["config"]); !path.isEmpty()) {
        QFile review(path);
        if (!review.open(QIODevice::ReadOnly))
            return invalid(
                origin,
                QStringLiteral("[review] config: cannot read %1: %2").arg(path, review.errorString()));
        c.reviewToml = review.readAll();
        std::string error;
        (void)review::Config::fromToml(
            std::string_view(c.reviewToml.constData(), std::size_t(c.reviewToml.size())), {}, &error);
        if (!error.empty())
            return invalid(path, QString::fromStdString(error));
    }
    const auto *targets = config["target"].as_array();
    if (!targets || targets->empty())
        return invalid(origin,
                       QStringLiteral("no [[target]] is configured: sluiced has nothing to execute on"));
    int index = 0;
    for (const auto &node : *targets) {
        ++index;
        const auto *target = node.as_table();
        const auto name =
            target ? QString::fromStdString((*target)["name"].value_or(std::string())) : QString();
        const auto conninfo =
            target ? QString::fromStdString((*target)["conninfo"].value_or(std::string())) : QString();
        if (name.isEmpty() || !target->contains("conninfo"))
            return invalid(origin, QStringLiteral("[[target]] number %1 needs name and conninfo").arg(index));
        if (c.targets.contains(name))
            return invalid(origin, QStringLiteral("target %1 is configured twice").arg(name));
        c.targets.insert(name, conninfo);
        ServiceConfig::Analysis analysis;
        analysis.readonlyConninfo =
            QString::fromStdString((*target)["readonly_conninfo"].value_or(conninfo.toStdString()));
        analysis.shadowServerConninfo =
            QString::fromStdString((*target)["shadow_conninfo"].value_or(conninfo.toStdString()));
        analysis.shadowDatabase =
            QString::fromStdString((*target)["shadow_database"].value_or(std::string()));
        analysis.enabled = (*target)["analyse"].value_or(true);
        if (analysis.shadowServerConninfo.contains(QLatin1String("://")))
            return invalid(origin, QStringLiteral("target %1: shadow_conninfo must be a key=value conninfo "
                                                  "(host=... dbname=...), not a URI")
                                       .arg(name));
        c.analysis.insert(name, analysis);
    }
    return c;
}

} // namespace sluice::model
