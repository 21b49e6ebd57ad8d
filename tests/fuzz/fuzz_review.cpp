// libFuzzer target for the review engine's entry point: any bytes in, findings out, never a crash, never a
// finding outside the input. Built by the "fuzz" preset (clang, -fsanitize=fuzzer,address,undefined).

#include "review/Engine.h"

#include <cstdint>
#include <cstdlib>
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
    return 0;
}
