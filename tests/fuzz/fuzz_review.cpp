// libFuzzer target for the review engine's entry point: any bytes in, findings out, never a crash, never a
// finding outside the input; and the parse tree built from libpg_query's nodes is the one its JSON gives.
// Built by the "fuzz" preset (clang, -fsanitize=fuzzer,address,undefined).

#include "review/Engine.h"
#include "support/TreeCompare.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view sql(reinterpret_cast<const char *>(data), size);
    sluice::review::Config config;
    config.assumeInTransaction = size % 2 == 1;
    const auto review = sluice::review::lint(sql, config);
    for (const auto &f : review.findings) {
        if (f.range.begin > f.range.end || f.range.end > size || f.ruleId.empty() || f.message.empty())
            std::abort();
    }
    const std::string text(sql.substr(0, sql.find('\0')));
    const auto native = sluice::review::ParseTree::parse(text.c_str());
    const auto json = sluice::review::ParseTree::parseViaJson(text.c_str());
    if (native.syntaxError != json.syntaxError || native.message != json.message ||
        native.cursor != json.cursor || bool(native.tree) != bool(json.tree) ||
        (json.tree && !sluice::test::treeDifference(native.tree->root(), json.tree->root()).empty()))
        std::abort();
    return 0;
}
