#include "target/DmlEstimate.h"

#include "queue/Pg.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::model {
namespace {

bool isEstimated(const review::Statement &statement)
{
    if (statement.kind == "UpdateStmt" || statement.kind == "DeleteStmt" || statement.kind == "MergeStmt")
        return true;
    // INSERT ... VALUES inserts what it lists; INSERT ... SELECT is what needs an estimate.
    return statement.kind == "InsertStmt" &&
           statement.tree["InsertStmt"]["selectStmt"]["SelectStmt"]["fromClause"].valid();
}

// The rows the plan's top data node produces: under ModifyTable, its first child.
std::int64_t planRows(const QJsonObject &plan)
{
    if (plan.value(QLatin1String("Node Type")).toString() == QLatin1String("ModifyTable")) {
        const auto children = plan.value(QLatin1String("Plans")).toArray();
        if (!children.isEmpty())
            return planRows(children.first().toObject());
    }
    return std::int64_t(plan.value(QLatin1String("Plan Rows")).toDouble());
}

} // namespace

Result<DmlEstimates> estimateDmlRows(const QString &conninfo, const QByteArray &sql,
                                     const review::Script &script, int statementTimeoutMs)
{
    DmlEstimates estimates;
    bool any = false;
    for (const auto &statement : script.statements)
        any = any || (statement.parses && isEstimated(statement));
    if (!any)
        return estimates;
    return pg::guarded([&]() -> Result<DmlEstimates> {
        auto conn = pg::connect(conninfo);
        if (!conn)
            return conn.error();
        pqxx::read_transaction tx(**conn);
        tx.exec("set local statement_timeout = " + std::to_string(statementTimeoutMs));
        for (std::size_t i = 0; i < script.statements.size(); ++i) {
            const auto &statement = script.statements[i];
            if (!statement.parses || !isEstimated(statement))
                continue;
            const auto text = sql.mid(qsizetype(statement.range.begin),
                                      qsizetype(statement.range.end - statement.range.begin))
                                  .toStdString();
            try {
                pqxx::subtransaction step(tx, "sluice_explain");
                const auto plan = step.exec("explain (format json) " + text)[0][0];
                step.commit();
                const auto doc = QJsonDocument::fromJson(pg::bytes(plan));
                estimates.rows[i] =
                    planRows(doc.array().first().toObject().value(QLatin1String("Plan")).toObject());
            } catch (const pqxx::sql_error &e) {
                estimates.errors[i] = pg::errorFrom(e).message.toStdString();
            }
        }
        return estimates;
    });
}

} // namespace sluice::model
