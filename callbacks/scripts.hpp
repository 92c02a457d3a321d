#pragma once
// The callbacks Redis Functions library, embedded at build time from callbacks/lua/*.lua
// (see cmake/embed_lua.cmake for why they are files, not literals here), and the name of the
// function each script became.
namespace advieslijn::callbacks::lua {
extern const char library[];  // FUNCTION LOAD source
extern const char ack_escalation[];
extern const char attempt[];
extern const char audit[];
extern const char audit_log[];
extern const char cancel[];
extern const char claim[];
extern const char claim_next[];
extern const char complete[];
extern const char create[];
extern const char daily[];
extern const char day_figures[];
extern const char erase[];
extern const char escalations[];
extern const char get[];
extern const char list[];
extern const char note[];
extern const char outbox_done[];
extern const char outbox_take[];
extern const char reassign[];
extern const char redact[];
extern const char release[];
extern const char renew[];
extern const char risk_missed[];
extern const char risk_weeks[];
extern const char sla_stats[];
extern const char terms[];
extern const char summary[];
extern const char tick[];
extern const char workload[];
}  // namespace advieslijn::callbacks::lua
