#include "sctp/wire/chunks/all.h"

#include <utility>

namespace dsctp::sctp::wire {
namespace {

template <class C>
ParseResult<AnyChunk> parse_as(const RawChunk& raw) {
  auto r = C::parse(raw);
  if (!r) return parse_error(r.error());
  return AnyChunk(std::in_place_type<C>, std::move(*r));
}

// Picks the alternative whose kType is `type`; kWrongType if none.
template <size_t I = 0>
ParseResult<AnyChunk> dispatch(ChunkType type, const RawChunk& raw) {
  if constexpr (I == std::variant_size_v<AnyChunk>) {
    return parse_error(ParseError::kWrongType);
  } else {
    using C = std::variant_alternative_t<I, AnyChunk>;
    if (C::kType == type) return parse_as<C>(raw);
    return dispatch<I + 1>(type, raw);
  }
}

// Every alternative names a distinct chunk type. That they are exactly the
// types is_known() accepts is a test, as is_known() is not constexpr; the
// count pins the list so that adding a type is a deliberate edit here too.
template <size_t... I>
constexpr bool distinct_types(std::index_sequence<I...>) {
  constexpr ChunkType types[] = {std::variant_alternative_t<I, AnyChunk>::kType...};
  for (size_t a = 0; a < sizeof...(I); ++a) {
    for (size_t b = a + 1; b < sizeof...(I); ++b) {
      if (types[a] == types[b]) return false;
    }
  }
  return true;
}
static_assert(distinct_types(std::make_index_sequence<std::variant_size_v<AnyChunk>>()));
static_assert(std::variant_size_v<AnyChunk> == 24);

}  // namespace

ParseResult<AnyChunk> parse_chunk(const RawChunk& raw) {
  // Scans the alternatives' kType, so the dispatch cannot drift from the
  // variant's list.
  return dispatch(raw.chunk_type(), raw);
}

ChunkType type_of(const AnyChunk& chunk) {
  return std::visit([](const auto& c) { return std::decay_t<decltype(c)>::kType; },
                    chunk);
}

}  // namespace dsctp::sctp::wire
