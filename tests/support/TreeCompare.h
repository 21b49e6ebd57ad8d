#pragma once

#include "review/ParseTree.h"

#include <string>

namespace sluice::test {

// Where two parse trees differ ("" when they are the same): types, keys, values and member order, depth
// first.
inline std::string treeDifference(review::Node a, review::Node b, const std::string &path = "$")
{
    using Type = review::Node::Type;
    if (a.type() != b.type())
        return path + ": type " + std::to_string(int(a.type())) + " vs " + std::to_string(int(b.type()));
    switch (a.type()) {
    case Type::String:
        if (a.str() != b.str())
            return path + ": \"" + std::string(a.str()) + "\" vs \"" + std::string(b.str()) + "\"";
        return {};
    case Type::Integer:
    case Type::Double:
    case Type::Boolean:
        if (a.integer() != b.integer())
            return path + ": " + std::to_string(a.integer()) + " vs " + std::to_string(b.integer());
        return {};
    case Type::Object:
    case Type::Array:
        if (a.size() != b.size()) {
            std::string keys;
            for (const auto child : a)
                keys += " " + std::string(child.key());
            keys += " |";
            for (const auto child : b)
                keys += " " + std::string(child.key());
            return path + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) +
                   " members:" + keys;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            const auto x = a.at(i), y = b.at(i);
            if (x.key() != y.key())
                return path + ": key \"" + std::string(x.key()) + "\" vs \"" + std::string(y.key()) + "\"";
            const auto child = a.type() == Type::Object ? path + "." + std::string(x.key())
                                                        : path + "[" + std::to_string(i) + "]";
            if (auto d = treeDifference(x, y, child); !d.empty())
                return d;
        }
        return {};
    default:
        return {};
    }
}

} // namespace sluice::test
