// The overload set for std::visit: Visitor{[](const A&) {...}, [](const B&) {...}}
// (the idiom of cppreference's std::visit page).
#ifndef IFTOKEN_BASE_OVERLOADED_H_
#define IFTOKEN_BASE_OVERLOADED_H_

namespace ift {

template <class... F>
struct Visitor : F... {
  using F::operator()...;
};

}  // namespace ift

#endif  // IFTOKEN_BASE_OVERLOADED_H_
