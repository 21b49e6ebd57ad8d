// Builds a ParseTree straight from libpg_query's raw parse tree (PostgreSQL's own node structs), in the shape
// of libpg_query's JSON output, so that the engine does not pay for the JSON being written and decoded again
// (about 60% of pg_query_parse's time is the JSON writer). The walker of each node kind is generated from
// PostgreSQL 15's node headers by gen_native_tree.py; A_Const, List and the statement list are written here.
#include "ParseTree.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <pg_query.h>
#include <simdjson.h>
#include <string_view>
#include <utility>
#include <vector>

// libpg_query's PostgreSQL version (its JSON's "version"); the server headers below define their own.
constexpr int kLibpgQueryVersion = PG_VERSION_NUM;
#undef PG_MAJORVERSION
#undef PG_VERSION
#undef PG_VERSION_NUM

// PostgreSQL's headers last: they define macros (Min, Max, printf...) that must not reach the standard
// headers.
// postgres.h must come first.
extern "C" {
// clang-format off
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "nodes/primnodes.h"
#include "nodes/value.h"
#include <pg_query/pg_query_internal.h>
// clang-format on
}

namespace sluice::review {

namespace {
struct Key
{
    std::uint32_t offset;
    std::uint16_t length;
};
constexpr Key kNoKey{0, 0};
// nodeTag() names Node, which here is sluice::review::Node.
NodeTag tagOf(const void *node)
{
    return static_cast<const ::Node *>(node)->type;
}
} // namespace

// Appends entries the way TreeBuilder does for JSON: members gather on a scratch stack and move, when their
// container closes, into one contiguous block; strings are copied into one growing buffer.
class NativeTreeSink
{
public:
    using Entry = ParseTree::Entry;
    static constexpr auto kMaxDepth = std::size_t(ParseTree::kMaxDepth);

    NativeTreeSink(ParseTree &tree, std::vector<Entry> &scratch, std::vector<std::uint32_t> &frames)
        : m_tree(tree), m_scratch(scratch), m_frames(frames)
    {
        // The scratch vector is used as a plain buffer (size = capacity), so that a push is inlined.
        if (m_scratch.size() < 256)
            m_scratch.resize(256);
    }
    ~NativeTreeSink() { std::free(m_text); }

    // A node or field the walker does not know: the caller falls back to the JSON.
    static bool fail() { return false; }

    bool open(Key key) { return openContainer(key, Node::Type::Object); }
    bool openArray(Key key) { return openContainer(key, Node::Type::Array); }
    bool close()
    {
        const auto start = m_frames.back();
        m_frames.pop_back();
        Entry container = m_scratch[start - 1];
        auto &entries = m_tree.m_entries;
        container.setPair(std::uint32_t(entries.size()), std::uint32_t(m_top - start));
        entries.insert(entries.end(), m_scratch.begin() + std::ptrdiff_t(start),
                       m_scratch.begin() + std::ptrdiff_t(m_top));
        m_top = start;
        m_scratch[m_top - 1] = container;
        return true;
    }

    void boolean(Key key) { push(key, Node::Type::Boolean, 1); }
    void booleanValue(Key key, bool value) { push(key, Node::Type::Boolean, value ? 1 : 0); }
    void integer(Key key, std::int64_t value) { push(key, Node::Type::Integer, std::uint64_t(value)); }
    void unsignedInteger(Key key, std::uint64_t value) { push(key, Node::Type::Integer, value); }
    void string(Key key, std::string_view value)
    {
        const auto offset = append(value);
        Entry e;
        e.keyOffset = key.offset;
        e.keyLength = key.length;
        e.type = Node::Type::String;
        e.setPair(offset, std::uint32_t(value.size()));
        pushEntry(e);
    }
    void string(Key key, const char *value) { string(key, std::string_view(value)); }
    // An enum member's name, which is in the key text.
    void enumeration(Key key, Key name)
    {
        Entry e;
        e.keyOffset = key.offset;
        e.keyLength = key.length;
        e.type = Node::Type::String;
        e.inKeys = true;
        e.setPair(name.offset, name.length);
        pushEntry(e);
    }
    void character(Key key, char c) { string(key, std::string_view(&c, 1)); }

    // A Node * field: {"Kind": {...}}.
    bool wrapped(Key key, const ::Node *node) { return open(key) && wrappedNode(node) && close(); }
    // A List * field: an array of wrapped nodes, {} for a NULL element.
    bool list(Key key, const ::List *list);
    bool wrappedNode(const ::Node *node);

    // The whole parse: {"version": ..., "stmts": [{"stmt": {...}, "stmt_location": N, "stmt_len": N}]}.
    bool statements(const ::List *stmts);
    // Moves the strings into the tree and checks they are UTF-8, as the JSON decoder does.
    bool finish(const char *keys);

private:
    bool openContainer(Key key, Node::Type type)
    {
        if (m_frames.size() >= kMaxDepth)
            return fail();
        Entry e;
        e.keyOffset = key.offset;
        e.keyLength = key.length;
        e.type = type;
        pushEntry(e);
        m_frames.push_back(std::uint32_t(m_top));
        return true;
    }
    void pushEntry(const Entry &e)
    {
        if (m_top == m_scratch.size()) [[unlikely]]
            m_scratch.resize(m_scratch.size() * 2);
        m_scratch[m_top++] = e;
    }
    void push(Key key, Node::Type type, std::uint64_t payload)
    {
        Entry e;
        e.keyOffset = key.offset;
        e.keyLength = key.length;
        e.type = type;
        e.payload = payload;
        pushEntry(e);
    }
    std::uint32_t append(std::string_view value)
    {
        if (m_size + value.size() + 1 > m_capacity) {
            auto capacity = m_capacity ? m_capacity * 2 : 1024;
            while (capacity < m_size + value.size() + 1)
                capacity *= 2;
            auto *grown = static_cast<char *>(std::realloc(m_text, capacity));
            if (!grown)
                throw std::bad_alloc();
            m_text = grown;
            m_capacity = capacity;
        }
        const auto offset = std::uint32_t(m_size);
        std::memcpy(m_text + m_size, value.data(), value.size());
        m_size += value.size();
        return offset;
    }

    ParseTree &m_tree;
    std::vector<Entry> &m_scratch;
    std::size_t m_top = 0; // entries in use in m_scratch
    std::vector<std::uint32_t> &m_frames;
    char *m_text = nullptr;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
};

namespace {
using Sink = NativeTreeSink;
using ::List;
using ::Node;
#include "native_tree_nodes.inc"

// {"ival": {"ival": 5}, "location": 7}, {"sval": {"sval": "x"}, ...}, or {"isnull": true, ...}.
bool writeAConst(Sink &s, const A_Const *c)
{
    bool ok = true;
    if (c->isnull) {
        s.boolean(K_isnull);
    } else {
        const auto &v = c->val;
        switch (nodeTag(&v)) {
        case T_Integer:
            ok = s.open(K_ival) && fields_Integer(s, &v.ival) && s.close();
            break;
        case T_Float:
            ok = s.open(K_fval) && fields_Float(s, &v.fval) && s.close();
            break;
        case T_Boolean:
            // {"boolval": {"boolval": true}}, but {"boolval": {}} for false: not the Boolean node's own
            // shape.
            ok = s.open(K_boolval);
            if (ok && v.boolval.boolval)
                s.boolean(K_boolval);
            ok = ok && s.close();
            break;
        case T_String:
            ok = s.open(K_sval) && fields_String(s, &v.sval) && s.close();
            break;
        case T_BitString:
            ok = s.open(K_bsval) && fields_BitString(s, &v.bsval) && s.close();
            break;
        default:
            return s.fail();
        }
    }
    if (ok && c->location)
        s.integer(K_location, c->location);
    return ok;
}
} // namespace

bool NativeTreeSink::list(Key key, const ::List *items)
{
    if (tagOf(items) != T_List || !openArray(key))
        return fail();
    for (int i = 0, n = list_length(items); i < n; ++i) {
        const auto *item = static_cast<const ::Node *>(list_nth(items, i));
        if (!open(kNoKey) || (item && !wrappedNode(item)))
            return false;
        close();
    }
    return close();
}

bool NativeTreeSink::wrappedNode(const ::Node *node)
{
    switch (tagOf(node)) {
    case T_List:
        return open(K_List) && list(K_items, reinterpret_cast<const ::List *>(node)) && close();
    case T_A_Const:
        return open(K_A_Const) && writeAConst(*this, reinterpret_cast<const A_Const *>(node)) && close();
    default:
        return generatedWrapped(*this, node);
    }
}

bool NativeTreeSink::statements(const ::List *stmts)
{
    if (!open(kNoKey))
        return false;
    integer(K_version, kLibpgQueryVersion);
    if (!openArray(K_stmts))
        return false;
    for (int i = 0, n = list_length(stmts); i < n; ++i) {
        const auto *raw = static_cast<const RawStmt *>(list_nth(stmts, i));
        if (!open(kNoKey) || !wrapped(K_stmt, raw->stmt))
            return false;
        if (raw->stmt_location)
            integer(K_stmt_location, raw->stmt_location);
        if (raw->stmt_len)
            integer(K_stmt_len, raw->stmt_len);
        close();
    }
    return close() && close();
}

bool NativeTreeSink::finish(const char *keys)
{
    if (m_top != 1 || !m_frames.empty() || m_size > 0xFFFFFFFFu)
        return false;
    if (!simdjson::validate_utf8(m_text ? m_text : "", m_size))
        return false;
    m_tree.m_entries[0] = m_scratch[0];
    m_tree.m_text.reset(m_text ? m_text : static_cast<char *>(std::malloc(1)));
    m_tree.m_textBytes = m_size;
    m_text = nullptr;
    m_tree.m_keys = keys;
    return true;
}

ParseTree::Parsed ParseTree::parseViaJson(const char *sql, int offset)
{
    Parsed out;
    PgQueryParseResult result = pg_query_parse(sql);
    if (result.error) {
        out.syntaxError = true;
        out.message = result.error->message;
        out.cursor = result.error->cursorpos;
    } else {
        out.tree = adopt(result.parse_tree, offset);
    }
    pg_query_free_parse_result(result);
    return out;
}

ParseTree::Parsed ParseTree::parse(const char *sql, int offset)
{
    Parsed out;
    MemoryContext context = pg_query_enter_memory_context();
    PgQueryInternalParsetreeAndError raw = pg_query_raw_parse(sql);
    std::free(raw.stderr_buffer);
    bool built = false;
    if (raw.error) {
        out.syntaxError = true;
        out.message = raw.error->message;
        out.cursor = raw.error->cursorpos;
        pg_query_free_error(raw.error);
        built = true;
    } else {
        // The scratch stacks are reused from one migration to the next on each thread.
        thread_local std::vector<Entry> scratch;
        thread_local std::vector<std::uint32_t> frames;
        frames.clear();
        auto tree = std::make_shared<ParseTree>();
        tree->m_offset = offset;
        // About one entry per two bytes of SQL, measured over the benchmark corpus: one allocation, no
        // regrowth.
        tree->m_entries.reserve(std::strlen(sql) / 2 + 16);
        tree->m_entries.resize(1);
        NativeTreeSink sink(*tree, scratch, frames);
        if (sink.statements(raw.tree)) {
            // Strings that are not UTF-8 give no tree, as the JSON decoder gives none for them.
            if (sink.finish(kKeyText))
                out.tree = std::move(tree);
            built = true;
        }
    }
    pg_query_exit_memory_context(context);
    // A node kind the walker does not know (none is expected in a raw parse tree): libpg_query's JSON.
    if (built)
        return out;
    out = parseViaJson(sql, offset);
    out.viaJson = true;
    return out;
}

} // namespace sluice::review
