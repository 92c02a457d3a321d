#pragma once
// A task hash's fields: written as a map (to_fields), read as views (FieldView).
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace advieslijn::callbacks {

// The Redis hash layout: field name -> string value.
using Fields = std::map<std::string, std::string>;

// The fields of one hash as views into where they already are (a Redis reply, a Fields
// map), sorted once for lookups. Reading a task this way builds no map and copies no text
// but what the Task keeps: twenty tasks of forty fields on every queue page
// (docs/benchmarks.md). Valid while its source lives.
class FieldView {
public:
    explicit FieldView(const Fields& f) {
        fields_.reserve(f.size());
        for (const auto& [name, value] : f) fields_.emplace_back(name, value);  // already sorted
    }

    // [name, value, name, value, ...] as HGETALL or a script answers (a RedisReply).
    template <class Reply>
    static FieldView of_reply(const Reply& flat) {
        FieldView v;
        const auto& e = flat.elements;
        v.fields_.reserve(e.size() / 2);
        for (std::size_t i = 0; i + 1 < e.size(); i += 2) v.fields_.emplace_back(e[i].str, e[i + 1].str);
        // A hash has each name once; should a reply repeat one, the first is kept, as
        // hash_fields keeps it.
        std::stable_sort(v.fields_.begin(), v.fields_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        return v;
    }

    // The value, or empty when the field is absent.
    std::string_view operator[](std::string_view name) const {
        auto it = std::lower_bound(fields_.begin(), fields_.end(), name,
                                   [](const auto& field, std::string_view n) { return field.first < n; });
        return it != fields_.end() && it->first == name ? it->second : std::string_view();
    }

private:
    FieldView() = default;
    std::vector<std::pair<std::string_view, std::string_view>> fields_;
};

}  // namespace advieslijn::callbacks
