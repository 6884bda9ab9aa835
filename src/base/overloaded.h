// The overload set for std::visit: Visitor{[](const A&) {...}, [](const B&) {...}}
// (the idiom of cppreference's std::visit page).
#ifndef IFTOKEN_BASE_OVERLOADED_H_
#define IFTOKEN_BASE_OVERLOADED_H_

namespace ift {

template <class... F>
struct Visitor : F... {
  using F::operator()...;
};
// C++20 deduces this for aggregates by itself, but clang before 17 does not
// (P1816): without the guide the fuzz targets (make fuzz) do not compile.
template <class... F>
Visitor(F...) -> Visitor<F...>;

}  // namespace ift

#endif  // IFTOKEN_BASE_OVERLOADED_H_
