-- Shared by the gRPC-Web scenarios: a protobuf message built by hand and its gRPC-Web frame.

-- a length-delimited field: tag (field << 3 | 2), varint length, bytes (values here stay under 128 bytes)
function field(number, value)
  return string.char(number * 8 + 2, #value) .. value
end

-- the 5-byte prefix of a gRPC(-Web) message: flag 0 (data, uncompressed), then the length, big-endian
function frame(message)
  local n = #message
  return string.char(0, math.floor(n / 16777216) % 256, math.floor(n / 65536) % 256, math.floor(n / 256) % 256,
    n % 256) .. message
end
