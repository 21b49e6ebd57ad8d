#pragma once

#include "review/Engine.h"

#include <QString>
#include <QStringList>
#include <map>
#include <string>

namespace sluice::cli {

struct LintOptions
{
    QStringList paths; // "-" is standard input
    QString format;    // text, json or sarif
    review::Config config;
    // psql variables set before each file is read (--set NAME=VALUE).
    std::map<std::string, std::string> variables;
    QString ruleDocsDir; // resources/rules, embedded in SARIF rule help
};

// Reviews each file offline (no database), on every core, and prints the findings. Returns the exit code:
// 1 when an error-severity finding remains, 0 otherwise, 2 when a file cannot be read.
[[nodiscard]] int runLint(const LintOptions &options);

} // namespace sluice::cli
