#pragma once

#include <string>
#include <string_view>

namespace sluice::review {

// PostgreSQL's quote_ident(): the name as is when it is made of a-z, 0-9 and _ (not starting with a digit)
// and is not a keyword (unreserved keywords excepted), else in double quotes with embedded quotes doubled.
[[nodiscard]] std::string quoteIdent(std::string_view name);

// "schema.name" with each part quoted; just the name when schema is empty.
[[nodiscard]] std::string quoteQualified(std::string_view schema, std::string_view name);

// PostgreSQL's quote_literal(): single quotes, embedded quotes doubled; an E'' string when the text holds a
// backslash, so the result means the same whatever standard_conforming_strings says.
[[nodiscard]] std::string quoteLiteral(std::string_view text);

} // namespace sluice::review
