"""Hall pages: kiosk, window, display board, ticket status and the hall manager."""
