import Testing

@testable import AffinityEngine

@Suite("CSV events")
struct EventCSVTests {
    @Test("fields split on commas, with quoted commas, doubled quotes and empty fields")
    func fields() {
        #expect(CSVLine.fields(bytes("a,b,c")) == ["a", "b", "c"])
        #expect(CSVLine.fields(bytes("")) == [""])
        #expect(CSVLine.fields(bytes("a,,c,")) == ["a", "", "c", ""])
        #expect(CSVLine.fields(bytes(#""x, y",z"#)) == ["x, y", "z"])
        #expect(CSVLine.fields(bytes(#""say ""hi""",2"#)) == [#"say "hi""#, "2"])
        #expect(CSVLine.fields(bytes(#""""#)) == [""])
        #expect(CSVLine.fields(bytes("a,b\r")) == ["a", "b"])
        #expect(CSVLine.fields(bytes("naïve,café")) == ["naïve", "café"])
    }

    @Test("escape quotes only when needed and round-trips through fields")
    func escape() {
        #expect(CSVLine.escape("plain") == "plain")
        #expect(CSVLine.escape("a,b") == #""a,b""#)
        #expect(CSVLine.escape(#"say "hi""#) == #""say ""hi""""#)
        let values = ["plain", "a,b", #"q"uote"#, "", "x,\"y\",z"]
        #expect(CSVLine.fields(bytes(values.map(CSVLine.escape).joined(separator: ","))) == values)
    }

    @Test("a header with an unknown column is rejected naming it")
    func unknownColumn() {
        let error = AffinityError.caught { () throws(AffinityError) in
            try EventCSV(header: bytes("event_id,type,occurred_at,colour"))
        }
        #expect(error?.kind == .invalid)
        #expect(error?.code == "unknown_column")
        #expect(error?.field == "header")
        #expect(error?.message.contains("colour") == true)
    }

    @Test("header names are case- and space-insensitive and in any order")
    func headerOrder() throws {
        let csv = try EventCSV(header: bytes(" TYPE ,user_id,Event_ID,occurred_at,product_id"))
        let event = try csv.event(bytes("product_view,u1,e1,2026-11-27T10:00:00Z,P7"))
        #expect(event.eventID == "e1")
        #expect(event.type == "product_view")
        #expect(event.userID == "u1")
        #expect(event.items == [EventItem(productID: "P7")])
    }

    @Test("items parse as product[:quantity[:price]] joined by |, with the row's currency on priced items")
    func items() throws {
        let csv = try EventCSV(header: bytes(EventCSV.demoColumns.joined(separator: ",")))
        let event = try csv.event(
            bytes("e1,purchase,2026-11-27T10:00:00Z,web,u1,a1,s1,P1:2:1999|P2|P3::500,EUR,,O1,4498"))
        #expect(
            event.items == [
                EventItem(productID: "P1", quantity: 2, priceMinor: 1999, currency: "EUR"),
                EventItem(productID: "P2"),
                EventItem(productID: "P3", priceMinor: 500, currency: "EUR"),
            ])
        #expect(event.order == EventOrder(orderID: "O1", revenueMinor: 4498, currency: "EUR"))
        #expect(event.channel == "web")
        #expect(event.anonymousID == "a1")
        #expect(event.sessionID == "s1")
        #expect(event.query == nil)
    }

    @Test("empty cells are absent, and a search keeps its quoted query")
    func emptyCells() throws {
        let csv = try EventCSV(header: bytes(EventCSV.demoColumns.joined(separator: ",")))
        let event = try csv.event(bytes(#"e2,search,2026-11-27T10:00:00Z,app,,a9,,,,"red, running shoes",,"#))
        #expect(event.userID == nil)
        #expect(event.sessionID == nil)
        #expect(event.items == nil)
        #expect(event.order == nil)
        #expect(event.query == "red, running shoes")
    }

    @Test("non-numeric quantities and revenues name their field")
    func badNumbers() throws {
        let csv = try EventCSV(header: bytes("event_id,type,occurred_at,items,order_id,revenue_minor"))
        let quantity = AffinityError.caught { () throws(AffinityError) in
            try csv.event(bytes("e1,purchase,2026-11-27T10:00:00Z,P1|P2:x,O1,1"))
        }
        #expect(quantity?.field == "items[1].quantity")
        let revenue = AffinityError.caught { () throws(AffinityError) in
            try csv.event(bytes("e1,purchase,2026-11-27T10:00:00Z,P1,O1,ten"))
        }
        #expect(revenue?.field == "revenue_minor")
    }

    @Test("row() writes demo columns that event() reads back")
    func roundTrip() throws {
        let original = Event(
            eventID: "e1", type: "purchase", occurredAt: "2026-11-27T10:00:00.000Z", channel: "web", userID: "u1",
            anonymousID: "a1", sessionID: "s1",
            items: [
                EventItem(productID: "P1", quantity: 2, priceMinor: 1999, currency: "EUR"),
                EventItem(productID: "P2", quantity: 1, priceMinor: 500, currency: "EUR"),
            ],
            order: EventOrder(orderID: "O1", revenueMinor: 4498, currency: "EUR"))
        let row = EventCSV.row(original)
        #expect(row == "e1,purchase,2026-11-27T10:00:00.000Z,web,u1,a1,s1,P1:2:1999|P2:1:500,EUR,,O1,4498")
        let csv = try EventCSV(header: bytes(EventCSV.demoColumns.joined(separator: ",")))
        #expect(try csv.event(bytes(row)) == original)

        let search = Event(
            eventID: "e2", type: "search", occurredAt: "2026-11-27T10:00:00.000Z", anonymousID: "a", query: "a, \"b\"")
        #expect(try csv.event(bytes(EventCSV.row(search))) == search)
    }
}
