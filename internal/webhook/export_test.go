package webhook

// DialGuard exposes the connect-time check to the tests, which hold it to
// agree with the create-time one.
var DialGuard = dialGuard
