#pragma once
// The Lua sources of every state change, embedded at build time from callbacks/lua/*.lua
// (lib.lua prepended to each). See embed_lua.cmake for why they are files, not literals here.
namespace advieslijn::callbacks::lua {
extern const char ack_escalation[];
extern const char attempt[];
extern const char cancel[];
extern const char claim[];
extern const char claim_next[];
extern const char complete[];
extern const char create[];
extern const char escalations[];
extern const char get[];
extern const char list[];
extern const char outbox_done[];
extern const char outbox_take[];
extern const char release[];
extern const char renew[];
extern const char summary[];
extern const char tick[];
}  // namespace advieslijn::callbacks::lua
