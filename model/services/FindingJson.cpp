#include "services/FindingJson.h"

namespace sluice::model {

namespace {
QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
} // namespace

QJsonObject findingToJson(const review::Finding &f)
{
    return QJsonObject{
        {QStringLiteral("rule"), qs(f.ruleId)},
        {QStringLiteral("severity"), qs(review::severityName(f.severity))},
        {QStringLiteral("message"), qs(f.message)},
        {QStringLiteral("help"), qs(f.help)},
        {QStringLiteral("line"), f.start.line},
        {QStringLiteral("column"), f.start.column},
        {QStringLiteral("end_line"), f.end.line},
        {QStringLiteral("end_column"), f.end.column},
        {QStringLiteral("byte_start"), qint64(f.range.begin)},
        {QStringLiteral("byte_end"), qint64(f.range.end)},
        {QStringLiteral("statement"), qint64(f.statementIndex) + 1},
    };
}

QJsonArray findingsToJson(const std::vector<review::Finding> &findings)
{
    QJsonArray array;
    for (const auto &f : findings)
        array.append(findingToJson(f));
    return array;
}

QString maxSeverityName(const review::Review &review)
{
    const auto max = review.maxSeverity();
    return max ? qs(review::severityName(*max)) : QStringLiteral("none");
}

} // namespace sluice::model
