// json_text writes exactly what nlohmann's dump() writes, on values built to reach every case:
// escapes, control characters, every UTF-8 length, the edges of valid UTF-8, numbers.
#include "common/json_text.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>

namespace {

using nlohmann::json;

TEST(JsonText, SameTextAsDumpOnChosenValues) {
    const json values[] = {
        nullptr, true, false, 0, -1, 42, std::int64_t{-9223372036854775807LL - 1},
        std::uint64_t{18446744073709551615ULL}, 0.1, -2.5e-7, 1e21, 3.0, json::array(), json::object(),
        "", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t", std::string("nul \0 byte", 10),
        "\x01\x1f\x7f", "é ß ñ", "€ 中文", "😀 U+10FFFF: \xF4\x8F\xBF\xBF", "\xC2\x80 \xE0\xA0\x80 \xF0\x90\x80\x80",
        {{"type", "answer"}, {"article", {{"id", "a"}, {"text", "Je baby slaapt.\nRust \"nu\"."}}},
         {"links", json::array({{{"title", "t"}, {"url", "https://x.nl/?a=1&b=2"}}})}, {"age", 3}},
        json::array({1, "two", nullptr, json::array({json::object()}), 4.25}),
    };
    for (const auto& v : values) EXPECT_EQ(advieslijn::json_text(v), v.dump()) << v.dump();
}

TEST(JsonText, InvalidUtf8ThrowsAsDumpDoes) {
    // A lone continuation byte, a cut sequence, an overlong form, a surrogate, above U+10FFFF.
    for (std::string bad : {"\x80", "a\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                            "\xF5\x80\x80\x80", "\xFF"}) {
        const json j = {{"text", bad}};
        EXPECT_THROW((void)j.dump(), json::type_error) << "dump accepted it";
        EXPECT_THROW((void)advieslijn::json_text(j), json::type_error);
    }
}

TEST(JsonText, SameTextAsDumpOnRandomValues) {
    std::mt19937 rng(20261203);
    // Strings from pieces of every kind, valid UTF-8 only.
    const std::string pieces[] = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "\x7f",
                                  "\xC3\xA9", "\xDF\xBF", "\xE2\x82\xAC", "\xEF\xBF\xBF", "\xF0\x9F\x98\x80",
                                  "\xF4\x8F\xBF\xBF", std::string(1, '\0')};
    auto text = [&] {
        std::string s;
        for (int n = static_cast<int>(rng() % 12); n > 0; --n) s += pieces[rng() % std::size(pieces)];
        return s;
    };
    std::function<json(int)> value = [&](int depth) -> json {
        switch (rng() % (depth > 3 ? 5 : 7)) {
            case 0: return nullptr;
            case 1: return rng() % 2 == 0;
            case 2: return static_cast<std::int64_t>(rng()) - 2147483648LL;
            case 3: return static_cast<double>(rng()) / 1000.0;
            case 4: return text();
            case 5: {
                json a = json::array();
                for (int n = static_cast<int>(rng() % 4); n > 0; --n) a.push_back(value(depth + 1));
                return a;
            }
            default: {
                json o = json::object();
                for (int n = static_cast<int>(rng() % 4); n > 0; --n) o[text()] = value(depth + 1);
                return o;
            }
        }
    };
    for (int i = 0; i < 2000; ++i) {
        const json v = value(0);
        ASSERT_EQ(advieslijn::json_text(v), v.dump());
    }
}

// JsonWriter, driven through a tree, writes what dump() writes for the same tree with its keys
// in insertion order (ordered_json): commas, nesting, empty containers, keys escaped.
void replay(advieslijn::JsonWriter& w, const nlohmann::ordered_json& v) {
    switch (v.type()) {
        case json::value_t::object:
            w.begin_object();
            for (const auto& [k, e] : v.items()) {
                w.key(k);
                replay(w, e);
            }
            w.end_object();
            return;
        case json::value_t::array:
            w.begin_array();
            for (const auto& e : v) replay(w, e);
            w.end_array();
            return;
        case json::value_t::string: w.value(v.get_ref<const std::string&>()); return;
        case json::value_t::boolean: w.value(v.get<bool>()); return;
        case json::value_t::null: w.null(); return;
        case json::value_t::number_integer: w.value(v.get<std::int64_t>()); return;
        default: FAIL() << "not generated: " << v.dump();
    }
}

TEST(JsonWriter, WritesWhatDumpWritesInTheOrderGiven) {
    using ordered = nlohmann::ordered_json;
    std::mt19937 rng(20261204);
    const std::string words[] = {"z", "a", "id", "quote \"", "é", "\n", "", "€"};
    std::function<ordered(int)> value = [&](int depth) -> ordered {
        switch (rng() % (depth > 3 ? 4 : 6)) {
            case 0: return nullptr;
            case 1: return rng() % 2 == 0;
            case 2: return static_cast<std::int64_t>(rng()) - 2147483648LL;
            case 3: return words[rng() % std::size(words)];
            case 4: {
                ordered a = ordered::array();
                for (int n = static_cast<int>(rng() % 4); n > 0; --n) a.push_back(value(depth + 1));
                return a;
            }
            default: {
                ordered o = ordered::object();
                for (int n = static_cast<int>(rng() % 4); n > 0; --n)
                    o[words[rng() % std::size(words)] + std::to_string(n)] = value(depth + 1);
                return o;
            }
        }
    };
    for (int i = 0; i < 2000; ++i) {
        const ordered v = value(0);
        std::string text;
        advieslijn::JsonWriter w(text);
        replay(w, v);
        ASSERT_EQ(text, v.dump());
    }
    // The shortcuts: field, text_or_null, a list of strings.
    std::string text;
    advieslijn::JsonWriter w(text);
    w.begin_object().field("n", 3u).field("s", "x").text_or_null("empty", "").text_or_null("full", "y");
    w.field("list", std::vector<std::string>{"a", "b"}).end_object();
    EXPECT_EQ(text, R"({"n":3,"s":"x","empty":null,"full":"y","list":["a","b"]})");
}

TEST(JsonWriter, InvalidUtf8ThrowsAsDumpDoes) {
    std::string text;
    advieslijn::JsonWriter w(text);
    w.begin_object();
    EXPECT_THROW(w.field("text", "a\xC3"), json::type_error);
}

}  // namespace
