#pragma once
// A JSON value as compact text: byte for byte what nlohmann's `dump()` writes, with strings
// copied in runs instead of decoded one byte at a time. Every chat answer carries an article's
// text and every queue page twenty tasks' texts; their escaping was most of the cost of turning
// a response into text (docs/benchmarks.md).
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace advieslijn {

// As j.dump(): compact, keys in the object's order, non-ASCII text as UTF-8, numbers as
// nlohmann formats them. Throws nlohmann::json::type_error (316) for a string that is not
// valid UTF-8, as dump() does.
std::string json_text(const nlohmann::json& j);
void append_json_text(std::string& out, const nlohmann::json& j);

// Writes JSON text straight into a string, for a response made of many small values (a
// queue page: twenty tasks of thirty fields each), where building an nlohmann tree per task
// cost more than writing its text (docs/benchmarks.md). Strings are escaped as json_text()
// escapes them, and text that is not UTF-8 throws the same error. Keys come out in the order
// they are written; the caller keeps them unique and pairs every begin with its end.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view s);
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(bool b);
    JsonWriter& value(std::int64_t n);
    template <std::integral Int>
        requires(!std::same_as<Int, bool>)
    JsonWriter& value(Int n) { return value(static_cast<std::int64_t>(n)); }
    JsonWriter& value(const std::vector<std::string>& strings);
    JsonWriter& value(double) = delete;  // would otherwise turn into a bool
    JsonWriter& null();

    // key(name).value(v) in one call; text_or_null writes null for an empty string.
    template <class T>
    JsonWriter& field(std::string_view name, const T& v) { return key(name).value(v); }
    JsonWriter& text_or_null(std::string_view name, std::string_view s);

private:
    void before_value();  // the comma between the values of an array
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    std::string& out_;
    // Per open object or array: whether a value or key has been written in it yet.
    std::vector<bool> started_;
    bool after_key_ = false;
};

// The nlohmann value of what `write(JsonWriter&)` writes: one list of fields serves both the
// text responses and the callers that need a tree.
template <class Write>
nlohmann::json json_from_writer(Write&& write) {
    std::string text;
    JsonWriter w(text);
    write(w);
    return nlohmann::json::parse(text);
}

}  // namespace advieslijn
