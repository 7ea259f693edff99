// StackNearlyExhausted: PostgreSQL's check_stack_depth() for the parser.
//
// ANTLR's generated parser and the AST builder are recursive descent; input
// nested deeply enough (parentheses, NOT NOT NOT ..., CASE in CASE) would
// overflow the thread's stack. The parser checks this at every rule entry
// and fails the statement with 54001 instead.
#pragma once

#include <cstddef>

namespace kappa::parse {

// True when the calling thread has less than a safety reserve of stack left
// (a quarter of its stack, at least 64 KiB and at most 512 KiB). The stack
// bounds are looked up once per thread.
bool StackNearlyExhausted();

}  // namespace kappa::parse
