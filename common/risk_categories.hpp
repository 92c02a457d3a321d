#pragma once
// The risk categories, the one list of them: routing flags contacts with them, specialists
// confirm them when they complete a task, and the labelled training files name them.
// In the order their guidance is given when several match: life first.
#include <array>
#include <string_view>

namespace advieslijn {

struct RiskCategory {
    const char* name;      // API, risk data, task hash and counters
    const char* training;  // third column of the labelled files (routing/data/risk_train*.tsv)
};

inline constexpr std::array<RiskCategory, 10> risk_categories{{
    {"emergency_medical", "medical"},
    {"acute_danger", "acute_danger"},
    {"suicide_self_harm", "suicide_selfharm"},
    {"child_abuse", "child_abuse"},
    {"domestic_violence", "domestic_violence"},
    {"parent_harm", "parent_harm"},
    {"online_exploitation", "online_exploitation"},
    {"honour_violence", "honour_violence"},
    {"unsafe_home", "unsafe_home"},
    {"neglect", "neglect"},
}};

// By its name; nullptr when there is none.
inline const RiskCategory* find_risk_category(std::string_view name) {
    for (const auto& c : risk_categories)
        if (name == c.name) return &c;
    return nullptr;
}

}  // namespace advieslijn
