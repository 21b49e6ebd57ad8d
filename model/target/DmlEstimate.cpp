#include "target/DmlEstimate.h"

#include "queue/Pg.h"
#include "review/SqlClauses.h"
#include "review/SqlQuote.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cctype>

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

// UPDATE and DELETE as the SELECT of the rows they change, so that a read-only login (no UPDATE or DELETE
// privilege, which EXPLAIN of the statement itself demands) can estimate them. Empty when the statement has a
// shape that does not translate (WITH, WHERE CURRENT OF, a clause the lexer cannot take apart).
std::string asSelect(const review::Statement &statement, std::string_view text)
{
    const bool update = statement.kind == "UpdateStmt";
    const bool del = statement.kind == "DeleteStmt";
    if (!update && !del)
        return {};
    const auto body = statement.tree[update ? "UpdateStmt" : "DeleteStmt"];
    if (body["withClause"].valid())
        return {};
    const auto relation = body["relation"];
    const auto clauses = update ? review::updateClauses(text) : review::deleteClauses(text);
    if (!clauses)
        return {};
    const auto lowerWhere = [&] {
        std::string w(clauses.where);
        for (auto &c : w)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        return w;
    }();
    if (lowerWhere.find("current of") != std::string::npos)
        return {};
    std::string sql =
        "select 1 from " + review::quoteQualified(relation["schemaname"].str(), relation["relname"].str());
    if (const auto alias = relation["alias"]["aliasname"].str(); !alias.empty())
        sql += " as " + review::quoteIdent(alias);
    const auto &extra = update ? clauses.from : clauses.using_;
    if (!extra.empty())
        sql += ", " + extra;
    if (!clauses.where.empty())
        sql += " where " + clauses.where;
    return sql;
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
            const std::string text(
                statement.range.in(std::string_view(sql.constData(), std::size_t(sql.size()))));
            const auto select = asSelect(statement, text);
            try {
                pqxx::subtransaction step(tx, "sluice_explain");
                const auto plan =
                    step.exec("explain (format json) " + (select.empty() ? text : select))[0][0];
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
