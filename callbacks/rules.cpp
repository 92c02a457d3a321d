#include "callbacks/rules.hpp"

#include <algorithm>

namespace advieslijn::callbacks {

const Rule& rule(Action a) {
    static const Rule claim{{State::queued}, State::claimed, false};
    static const Rule renew{{State::claimed}, State::claimed, true};
    static const Rule release{{State::claimed}, State::queued, true};
    static const Rule attempt{{State::claimed}, State::queued, true};
    static const Rule complete{{State::claimed}, State::completed, true};
    // A supervisor may cancel a task a specialist holds: the lease ends with it.
    static const Rule cancel{{State::queued, State::claimed}, State::cancelled, false};
    static const Rule expire{{State::claimed}, State::queued, false};
    static const Rule supervisor_release{{State::claimed}, State::queued, false};
    static const Rule reassign{{State::queued, State::claimed}, State::claimed, false};
    switch (a) {
        case Action::claim:
            return claim;
        case Action::renew:
            return renew;
        case Action::release:
            return release;
        case Action::attempt:
            return attempt;
        case Action::complete:
            return complete;
        case Action::cancel:
            return cancel;
        case Action::expire:
            return expire;
        case Action::supervisor_release:
            return supervisor_release;
        case Action::reassign:
            return reassign;
    }
    return expire;
}

const char* to_string(Action a) {
    switch (a) {
        case Action::claim:
            return "claimed";
        case Action::renew:
            return "renewed";
        case Action::release:
            return "released";
        case Action::attempt:
            return "attempt";
        case Action::complete:
            return "completed";
        case Action::cancel:
            return "cancelled";
        case Action::expire:
            return "lease_expired";
        case Action::supervisor_release:
            return "released";
        case Action::reassign:
            return "reassigned";
    }
    return "?";
}

std::optional<State> next_state(State s, Action a) {
    const Rule& r = rule(a);
    if (std::find(r.from.begin(), r.from.end(), s) == r.from.end()) return std::nullopt;
    return r.to;
}

std::string from_list(Action a) {
    std::string out;
    for (State s : rule(a).from) {
        if (!out.empty()) out += ',';
        out += to_string(s);
    }
    return out;
}

bool is_open(State s) {
    return s == State::queued || s == State::claimed;
}

}  // namespace advieslijn::callbacks
