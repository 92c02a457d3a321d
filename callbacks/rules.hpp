#pragma once
// The state machine of a callback task, as data. The Lua scripts do not hard-code which
// states an action may start from: the service passes them the `from` list and the `to`
// state from this table, so this file is the single source of the rules and is tested
// without Redis.
#include <optional>
#include <string>
#include <vector>

#include "callbacks/model.hpp"

namespace advieslijn::callbacks {

enum class Action {
    claim,     // a specialist takes a queued task (next in line, or this one)
    renew,     // the holder extends the lease
    release,   // the holder gives it back untouched
    attempt,   // the holder called without reaching anyone: back to the queue, later
    complete,  // the holder finishes it with an outcome
    cancel,    // a supervisor withdraws it, with a reason
    expire,    // the lease ran out: the scanner puts it back
    supervisor_release,  // a supervisor takes a claimed task back from whoever holds it
    reassign,            // a supervisor gives a queued or claimed task to a specialist
};

struct Rule {
    std::vector<State> from;
    State to;
    bool holder_only;  // only the current, unexpired lease holder may do it
};

const Rule& rule(Action a);
const char* to_string(Action a);
// The state after `a` from `s`, or nullopt when the rules forbid it.
std::optional<State> next_state(State s, Action a);
// "queued,claimed": the `from` list in the form the Lua scripts take.
std::string from_list(Action a);
// True for states a task can still change from (counts for repeat-contact merge and SLA).
bool is_open(State s);

}  // namespace advieslijn::callbacks
