#include "CharClass.h"
#include "Rule.h"
#include "SecurityTransactionHelpers.h"

#include <array>

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    if (const auto copy = statement.as("CopyStmt")) {
        const auto target = copy["relation"] ? tree::qualifiedName(copy["relation"]) : std::string("(query)");
        const auto file = std::string(copy["filename"].str());
        if (copy["is_program"].boolean())
            ctx.report("COPY " + target + (copy["is_from"].boolean() ? " FROM" : " TO") + " PROGRAM runs '" +
                           file + "' as the operating-system user of the database server",
                       copy["relation"]);
        else if (!file.empty())
            ctx.report("COPY " + target + (copy["is_from"].boolean() ? " FROM '" : " TO '") + file +
                           "' reads or writes a file on the database server, not on the machine running the "
                           "migration",
                       copy["relation"]);
        return;
    }
    if (const auto extension = statement.as("CreateExtensionStmt")) {
        const auto name = extension["extname"].str();
        if (name == "file_fdw" || name == "adminpack")
            ctx.report("CREATE EXTENSION " + std::string(name) +
                       " gives SQL access to files on the database server");
        return;
    }
    static constexpr std::array kFileFunctions{
        std::string_view("pg_read_file"), std::string_view("pg_read_binary_file"),
        std::string_view("pg_ls_dir"),    std::string_view("pg_stat_file"),
        std::string_view("lo_import"),    std::string_view("lo_export")};
    // The walk over every node costs more than looking for the names in the text, where a call must spell
    // them (unless with U&"..." escapes).
    const auto text = ctx.text();
    if (!chars::hasUnicodeEscapes(text) && !chars::containsAnyIgnoringCase(text, kFileFunctions))
        return;
    bool reported = false;
    statement.walk([&](Node n) {
        if (reported)
            return;
        const auto call = n.as("FuncCall");
        if (!call)
            return;
        const auto names = tree::strings(call["funcname"]);
        if (names.empty() || std::find(kFileFunctions.begin(), kFileFunctions.end(),
                                       sectx::lower(names.back())) == kFileFunctions.end())
            return;
        reported = true;
        ctx.report(names.back() + "() reads or writes files on the database server", n);
    });
}

} // namespace

extern const Rule serverSideFileAccess{
    "server-side-file-access",
    Severity::Warning,
    false,
    "COPY to/from a server file or program, file_fdw/adminpack, server file functions.",
    "Server-side file access needs superuser or pg_read_server_files / pg_write_server_files / "
    "pg_execute_server_program, depends on the server's file system (which a managed or replicated database "
    "does not share with the migration runner), and COPY ... PROGRAM runs a shell command on the server. "
    "Load "
    "data from the client instead (psql \\copy, COPY ... FROM STDIN), outside the migration history.",
    check,
    nullptr};

} // namespace sluice::review::rules
