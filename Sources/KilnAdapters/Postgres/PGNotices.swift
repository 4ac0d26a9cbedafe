internal import CPostgres

/// Where a connection's notice receiver puts server notices.
///
/// libpq calls the receiver on the thread running the statement, so the box belongs to its
/// connection like the `PGconn*` does.
final class PGNoticeBox {
  var messages: [String] = []
}

@available(*, unavailable) extension PGNoticeBox: Sendable {}

/// libpq's notice receiver (postgresql.org/docs/15/libpq-notice-processing.html): appends the
/// notice's primary message to the `PGNoticeBox` passed as `arg`, instead of the default
/// processor's print to stderr.
let pgNoticeReceiver: PQnoticeReceiver = { arg, result in
  guard let arg, let result else { return }
  let box = Unmanaged<PGNoticeBox>.fromOpaque(arg).takeUnretainedValue()
  if let primary = PQresultErrorField(result, KILN_PG_DIAG_MESSAGE_PRIMARY) {
    box.messages.append(String(cString: primary))
  } else if let text = PQresultErrorMessage(result) {
    box.messages.append(String(cString: text))
  }
}
