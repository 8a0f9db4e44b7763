import Fluent

enum Migrations {
    /// In the order they run. Append only: a migration that has landed is never edited.
    static let all: [any Migration] = [
        CreateUser(),
        CreateTicket(),
        CreateComment(),
        CreateTicketImage(),
        CreateTicketSearchIndex(),
        RebuildSQLiteTablesWithAutoincrement(),
        AddTicketActivityAt(),
        CreateSession(),
        AddTicketSLAColumns(),
        CreateTicketHistory(),
        CreateAdminAudit(),
        CreateSLAConfig(),
        CreateTicketCounts(),
        AddUserEmailNotifications(),
        CreateOutbox(),
        CreatePasswordReset(),
        AddTicketReplyColumns(),
        AddImageCommentID(),
        CreateInboundMessage(),
        CreateIMAPState(),
        CreateEvent(),
        CreateThrottleEvent(),
        CreateTicketTag(),
        AddUserActive(),
        CreateCannedReply(),
        AddTicketMergedInto(),
    ]
}
