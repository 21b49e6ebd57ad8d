#include "Lint.h"

#include "services/FindingJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QtConcurrent/QtConcurrentMap>
#include <cstdio>

namespace sluice::cli {

namespace {

struct LintedFile
{
    QString path;
    QByteArray sql;
    QString readError;
    review::Review review;
};

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString docsBase()
{
    const auto base = qEnvironmentVariable("SLUICE_RULE_DOCS_URL");
    return base.isEmpty() ? QStringLiteral("https://sluice.dev/rules/") : base;
}

// The line of sql where a finding starts, without its newline.
QByteArray lineText(const QByteArray &sql, const review::Finding &f)
{
    qsizetype start = std::clamp<qsizetype>(qsizetype(f.range.begin), 0, sql.size());
    while (start > 0 && sql[start - 1] != '\n')
        --start;
    auto end = sql.indexOf('\n', start);
    if (end < 0)
        end = sql.size();
    return sql.mid(start, end - start);
}

void printText(QTextStream &out, const QList<LintedFile> &files)
{
    int errors = 0, warnings = 0, infos = 0;
    for (const auto &file : files) {
        for (const auto &f : file.review.findings) {
            const auto severity = qs(review::severityName(f.severity));
            out << file.path << ':' << f.start.line << ':' << f.start.column << ": " << severity << " ["
                << qs(f.ruleId) << "] " << qs(f.message) << '\n';
            const auto text = QString::fromUtf8(lineText(file.sql, f));
            const auto gutter = QString::number(f.start.line);
            out << "  " << gutter << " | " << text << '\n';
            const int from = f.start.column;
            const int to =
                f.end.line == f.start.line ? std::max(f.end.column, from + 1) : int(text.size()) + 1;
            out << "  " << QString(gutter.size(), QLatin1Char(' ')) << " | "
                << QString(from - 1, QLatin1Char(' ')) << QString(std::max(1, to - from), QLatin1Char('^'))
                << '\n';
            out << "  " << QString(gutter.size(), QLatin1Char(' ')) << " = help: " << qs(f.help) << "\n\n";
            (f.severity == review::Severity::Error     ? errors
             : f.severity == review::Severity::Warning ? warnings
                                                       : infos)++;
        }
    }
    out << QStringLiteral("%1 error(s), %2 warning(s), %3 info in %4 file(s)\n")
               .arg(errors)
               .arg(warnings)
               .arg(infos)
               .arg(files.size());
}

void printJson(QTextStream &out, const QList<LintedFile> &files)
{
    QJsonArray fileArray;
    int errors = 0, warnings = 0, infos = 0;
    for (const auto &file : files) {
        for (const auto &f : file.review.findings)
            (f.severity == review::Severity::Error     ? errors
             : f.severity == review::Severity::Warning ? warnings
                                                       : infos)++;
        fileArray.append(
            QJsonObject{{QStringLiteral("path"), file.path},
                        {QStringLiteral("statements"), qint64(file.review.statements.size())},
                        {QStringLiteral("parse_ok"), file.review.script.parses()},
                        {QStringLiteral("max_severity"), model::maxSeverityName(file.review)},
                        {QStringLiteral("findings"), model::findingsToJson(file.review.findings)}});
    }
    const QJsonObject root{
        {QStringLiteral("schema_version"), 1},
        {QStringLiteral("engine"), qs(review::engineVersion())},
        {QStringLiteral("files"), fileArray},
        {QStringLiteral("summary"), QJsonObject{{QStringLiteral("files"), qint64(files.size())},
                                                {QStringLiteral("errors"), errors},
                                                {QStringLiteral("warnings"), warnings},
                                                {QStringLiteral("infos"), infos}}},
    };
    out << QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString sarifLevel(review::Severity s)
{
    switch (s) {
    case review::Severity::Error:
        return QStringLiteral("error");
    case review::Severity::Warning:
        return QStringLiteral("warning");
    case review::Severity::Info:
        return QStringLiteral("note");
    }
    return QStringLiteral("warning");
}

void printSarif(QTextStream &out, const QList<LintedFile> &files, const QString &ruleDocsDir)
{
    QJsonArray rules;
    QHash<QString, int> ruleIndex;
    for (const review::Rule *rule : review::allRules()) {
        const auto id = qs(rule->id);
        ruleIndex.insert(id, int(rules.size()));
        QJsonObject help{{QStringLiteral("text"), qs(rule->help)}};
        QFile doc(ruleDocsDir + QLatin1Char('/') + id + QStringLiteral(".md"));
        if (doc.open(QIODevice::ReadOnly))
            help.insert(QStringLiteral("markdown"), QString::fromUtf8(doc.readAll()));
        rules.append(QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("name"), id},
            {QStringLiteral("shortDescription"), QJsonObject{{QStringLiteral("text"), qs(rule->summary)}}},
            {QStringLiteral("fullDescription"), QJsonObject{{QStringLiteral("text"), qs(rule->help)}}},
            {QStringLiteral("help"), help},
            {QStringLiteral("helpUri"), docsBase() + id},
            {QStringLiteral("defaultConfiguration"),
             QJsonObject{{QStringLiteral("level"), sarifLevel(rule->severity)},
                         {QStringLiteral("enabled"), !rule->optIn}}},
        });
    }
    QJsonArray results;
    QJsonArray artifacts;
    for (int fileIndex = 0; fileIndex < files.size(); ++fileIndex) {
        const auto &file = files[fileIndex];
        artifacts.append(
            QJsonObject{{QStringLiteral("location"), QJsonObject{{QStringLiteral("uri"), file.path}}},
                        {QStringLiteral("length"), qint64(file.sql.size())}});
        for (const auto &f : file.review.findings) {
            const auto id = qs(f.ruleId);
            QJsonObject region{{QStringLiteral("startLine"), f.start.line},
                               {QStringLiteral("startColumn"), f.start.column},
                               {QStringLiteral("endLine"), f.end.line},
                               {QStringLiteral("endColumn"), std::max(f.end.column, 1)},
                               {QStringLiteral("byteOffset"), qint64(f.range.begin)},
                               {QStringLiteral("byteLength"), qint64(f.range.end - f.range.begin)}};
            results.append(QJsonObject{
                {QStringLiteral("ruleId"), id},
                {QStringLiteral("ruleIndex"), ruleIndex.value(id, 0)},
                {QStringLiteral("level"), sarifLevel(f.severity)},
                {QStringLiteral("message"), QJsonObject{{QStringLiteral("text"), qs(f.message)}}},
                {QStringLiteral("locations"),
                 QJsonArray{QJsonObject{{QStringLiteral("physicalLocation"),
                                         QJsonObject{{QStringLiteral("artifactLocation"),
                                                      QJsonObject{{QStringLiteral("uri"), file.path},
                                                                  {QStringLiteral("index"), fileIndex}}},
                                                     {QStringLiteral("region"), region}}}}}},
            });
        }
    }
    const QJsonObject run{
        {QStringLiteral("tool"),
         QJsonObject{{QStringLiteral("driver"),
                      QJsonObject{{QStringLiteral("name"), QStringLiteral("sluice")},
                                  {QStringLiteral("semanticVersion"), QStringLiteral(SLUICE_VERSION)},
                                  {QStringLiteral("version"), qs(review::engineVersion())},
                                  {QStringLiteral("informationUri"), QStringLiteral("https://sluice.dev/")},
                                  {QStringLiteral("rules"), rules}}}}},
        {QStringLiteral("artifacts"), artifacts},
        {QStringLiteral("results"), results},
        {QStringLiteral("columnKind"), QStringLiteral("unicodeCodePoints")},
    };
    const QJsonObject root{
        {QStringLiteral("$schema"), QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json")},
        {QStringLiteral("version"), QStringLiteral("2.1.0")},
        {QStringLiteral("runs"), QJsonArray{run}},
    };
    out << QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace

int runLint(const LintOptions &options)
{
    QList<LintedFile> files;
    for (const auto &path : options.paths) {
        LintedFile file;
        file.path = path == QLatin1String("-") ? QStringLiteral("<stdin>") : path;
        QFile f;
        const bool opened = path == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly)
                                                       : (f.setFileName(path), f.open(QIODevice::ReadOnly));
        if (!opened) {
            std::fprintf(stderr, "sluicectl: cannot read %s: %s\n", qPrintable(path),
                         qPrintable(f.errorString()));
            return 2;
        }
        file.sql = f.readAll();
        files.append(std::move(file));
    }
    // One migration per task, on every core.
    QtConcurrent::blockingMap(files, [&options](LintedFile &file) {
        file.review = review::lint(std::string_view(file.sql.constData(), std::size_t(file.sql.size())),
                                   options.config);
    });

    QTextStream out(stdout);
    if (options.format == QLatin1String("json"))
        printJson(out, files);
    else if (options.format == QLatin1String("sarif"))
        printSarif(out, files, options.ruleDocsDir);
    else
        printText(out, files);
    out.flush();
    for (const auto &file : files) {
        for (const auto &f : file.review.findings) {
            if (f.severity == review::Severity::Error)
                return 1;
        }
    }
    return 0;
}

} // namespace sluice::cli
