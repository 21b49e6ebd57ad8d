#include "ParseTree.h"

#include <simdjson.h>

namespace sluice::review {

struct TreeBuilder
{
    ParseTree &tree;

    std::string_view intern(std::string_view s)
    {
        // m_strings is reserved to the JSON's size up front, so it never reallocates and views stay valid.
        const auto at = tree.m_strings.size();
        tree.m_strings.append(s);
        return std::string_view(tree.m_strings).substr(at, s.size());
    }

    void fill(std::uint32_t index, simdjson::dom::element e)
    {
        auto &entries = tree.m_entries;
        switch (e.type()) {
        case simdjson::dom::element_type::OBJECT: {
            const auto object = e.get_object().value_unsafe();
            const auto first = std::uint32_t(entries.size());
            const auto count = std::uint32_t(object.size());
            entries[index].type = Node::Type::Object;
            entries[index].first = first;
            entries[index].count = count;
            entries.resize(first + count);
            std::uint32_t i = 0;
            for (const auto field : object) {
                entries[first + i].key = intern(field.key);
                fill(first + i, field.value);
                ++i;
            }
            break;
        }
        case simdjson::dom::element_type::ARRAY: {
            const auto array = e.get_array().value_unsafe();
            const auto first = std::uint32_t(entries.size());
            const auto count = std::uint32_t(array.size());
            entries[index].type = Node::Type::Array;
            entries[index].first = first;
            entries[index].count = count;
            entries.resize(first + count);
            std::uint32_t i = 0;
            for (const auto item : array)
                fill(first + i++, item);
            break;
        }
        case simdjson::dom::element_type::STRING:
            entries[index].type = Node::Type::String;
            entries[index].text = intern(e.get_string().value_unsafe());
            break;
        case simdjson::dom::element_type::INT64:
            entries[index].type = Node::Type::Integer;
            entries[index].number = e.get_int64().value_unsafe();
            break;
        case simdjson::dom::element_type::UINT64:
            entries[index].type = Node::Type::Integer;
            entries[index].number = std::int64_t(e.get_uint64().value_unsafe());
            break;
        case simdjson::dom::element_type::DOUBLE:
            entries[index].type = Node::Type::Double;
            entries[index].number = std::int64_t(e.get_double().value_unsafe());
            break;
        case simdjson::dom::element_type::BOOL:
            entries[index].type = Node::Type::Boolean;
            entries[index].number = e.get_bool().value_unsafe() ? 1 : 0;
            break;
        case simdjson::dom::element_type::NULL_VALUE:
            entries[index].type = Node::Type::Null;
            break;
        }
    }
};

std::shared_ptr<const ParseTree> ParseTree::decode(std::string_view json, int offset)
{
    // One parser per thread: its buffers are reused from one migration to the next.
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS)
        return nullptr;
    auto tree = std::make_shared<ParseTree>();
    tree->m_offset = offset;
    tree->m_strings.reserve(json.size());
    tree->m_entries.reserve(json.size() / 12 + 4);
    tree->m_entries.resize(1);
    TreeBuilder{*tree}.fill(0, root);
    return tree;
}

int Node::location() const
{
    auto loc = (*this)["location"];
    if (!loc)
        loc = body()["location"];
    if (!loc || loc.integer() < 0)
        return -1;
    return int(loc.integer()) + m_tree->m_offset;
}

Node::Iterator Node::begin() const
{
    const auto t = type();
    if (t != Type::Array && t != Type::Object)
        return {m_tree, 0};
    return {m_tree, m_tree->m_entries[m_index].first};
}

Node::Iterator Node::end() const
{
    const auto t = type();
    if (t != Type::Array && t != Type::Object)
        return {m_tree, 0};
    const auto &e = m_tree->m_entries[m_index];
    return {m_tree, e.first + e.count};
}

namespace tree {

std::string qualifiedName(Node rangeVar)
{
    if (const auto body = rangeVar.as("RangeVar"))
        rangeVar = body;
    const auto schema = rangeVar["schemaname"].str();
    const auto name = rangeVar["relname"].str();
    return schema.empty() ? std::string(name) : std::string(schema) + "." + std::string(name);
}

std::vector<std::string> strings(Node list)
{
    std::vector<std::string> out;
    for (const Node item : list) {
        if (const auto s = item.as("String"))
            out.emplace_back(s["sval"].str());
    }
    return out;
}

std::string typeName(Node typeName)
{
    if (const auto body = typeName.as("TypeName"))
        typeName = body;
    const auto names = strings(typeName["names"]);
    return names.empty() ? std::string() : names.back();
}

std::string_view stringConstant(Node node)
{
    if (const auto c = node.as("A_Const"))
        return c["sval"]["sval"].str();
    if (const auto s = node.as("String"))
        return s["sval"].str();
    return {};
}

} // namespace tree

} // namespace sluice::review
