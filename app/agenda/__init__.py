"""The collective half of the bouquet de services: webinars, EU-funds sessions, regional events, the national day."""
