package dev.doppel.gateway;

import static io.restassured.RestAssured.given;

/** A training file uploaded through the API, for tests that need one of a tenant's file ids. */
final class Uploads {
    static String upload(String bearer, String filename) {
        return given().auth().oauth2(bearer)
                .multiPart("purpose", "fine-tune")
                .multiPart("file", filename, "{\"prompt\":\"hi\",\"completion\":\"hey!\"}\n".getBytes())
                .post("/v1/files").then().statusCode(200).extract().path("id");
    }

    private Uploads() {
    }
}
