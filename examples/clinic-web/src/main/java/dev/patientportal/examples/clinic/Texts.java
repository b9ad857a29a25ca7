package dev.patientportal.examples.clinic;

import java.util.Map;

/** The clinic pages' texts in English, Spanish and Hungarian. */
final class Texts {
    private static final Map<String, String[]> TEXTS = Map.ofEntries(
            // key -> en, es, hu
            Map.entry("skip", new String[] {"Skip to content", "Saltar al contenido", "Ugrás a tartalomra"}),
            Map.entry("clinic", new String[] {"Demo Clinic", "Clínica Demo", "Demó Klinika"}),
            Map.entry("home.intro", new String[] {
                "A demo clinic that shows the Patient Portal SDK: the clinic's side and the patient's side."
                        + " Everything runs on this machine; no message leaves it.",
                "Una clínica de demostración del Patient Portal SDK: el lado de la clínica y el del paciente."
                        + " Todo funciona en esta máquina; ningún mensaje sale de ella.",
                "Bemutató klinika a Patient Portal SDK-hoz: a klinika és a páciens oldala."
                        + " Minden ezen a gépen fut; egy üzenet sem hagyja el."
            }),
            Map.entry("home.clinic", new String[] {
                "Clinic (staff sign-in)", "Clínica (acceso del personal)", "Klinika (munkatársi belépés)"
            }),
            Map.entry("home.portal", new String[] {"Patient portal", "Portal del paciente", "Betegportál"}),
            Map.entry("home.inbox", new String[] {
                "Dev inbox (every e-mail, SMS and push sent)",
                "Buzón de pruebas (todos los correos, SMS y push enviados)",
                "Fejlesztői postafiók (minden elküldött e-mail, SMS és push)"
            }),
            Map.entry("login.title", new String[] {"Staff sign-in", "Acceso del personal", "Munkatársi belépés"}),
            Map.entry("login.hint", new String[] {
                "Demo login: user demo, password demo.",
                "Acceso de demostración: usuario demo, contraseña demo.",
                "Demó belépés: felhasználó demo, jelszó demo."
            }),
            Map.entry("login.user", new String[] {"User name", "Usuario", "Felhasználónév"}),
            Map.entry("login.password", new String[] {"Password", "Contraseña", "Jelszó"}),
            Map.entry("login.submit", new String[] {"Sign in", "Entrar", "Belépés"}),
            Map.entry("login.wrong", new String[] {
                "Wrong user name or password.", "Usuario o contraseña incorrectos.", "Hibás felhasználónév vagy jelszó."
            }),
            Map.entry("logout", new String[] {"Sign out", "Salir", "Kilépés"}),
            Map.entry("patients", new String[] {"Patients", "Pacientes", "Páciensek"}),
            Map.entry("name", new String[] {"Name", "Nombre", "Név"}),
            Map.entry("birthDate", new String[] {"Date of birth", "Fecha de nacimiento", "Születési dátum"}),
            Map.entry("email", new String[] {"E-mail", "Correo electrónico", "E-mail"}),
            Map.entry("phone", new String[] {"Phone", "Teléfono", "Telefon"}),
            Map.entry("taj", new String[] {"TAJ", "TAJ", "TAJ"}),
            Map.entry("address", new String[] {"Address", "Dirección", "Cím"}),
            Map.entry("portalAccess", new String[] {"Portal access", "Acceso al portal", "Portál-hozzáférés"}),
            Map.entry("none", new String[] {"none", "ninguno", "nincs"}),
            Map.entry("tab.portal", new String[] {"Patient Portal", "Portal del paciente", "Betegportál"}),
            Map.entry("tab.documents", new String[] {"Documents", "Documentos", "Dokumentumok"}),
            Map.entry("back", new String[] {"All patients", "Todos los pacientes", "Összes páciens"}),
            Map.entry("status", new String[] {"Status", "Estado", "Állapot"}),
            Map.entry("status.ACTIVE", new String[] {"Active", "Activo", "Aktív"}),
            Map.entry("status.REVOKED", new String[] {"Revoked", "Revocado", "Visszavonva"}),
            Map.entry("status.NONE", new String[] {"No access", "Sin acceso", "Nincs hozzáférés"}),
            Map.entry("method", new String[] {"Login method", "Método de acceso", "Belépési mód"}),
            Map.entry("method.EMAIL_AND_PHONE", new String[] {
                "E-mail + phone (two codes)", "Correo + teléfono (dos códigos)", "E-mail + telefon (két kód)"
            }),
            Map.entry(
                    "method.TAJ_AND_PHONE",
                    new String[] {"TAJ + phone (SMS code)", "TAJ + teléfono (código SMS)", "TAJ + telefon (SMS-kód)"}),
            Map.entry("sms", new String[] {
                "SMS notifications (paid per message)",
                "Notificaciones SMS (de pago por mensaje)",
                "SMS-értesítések (üzenetenként fizetős)"
            }),
            Map.entry("on", new String[] {"on", "activadas", "be"}),
            Map.entry("off", new String[] {"off", "desactivadas", "ki"}),
            Map.entry("grant", new String[] {"Grant access", "Conceder acceso", "Hozzáférés megadása"}),
            Map.entry("sms.turnOn", new String[] {
                "Turn SMS notifications on", "Activar notificaciones SMS", "SMS-értesítések bekapcsolása"
            }),
            Map.entry("sms.turnOff", new String[] {
                "Turn SMS notifications off", "Desactivar notificaciones SMS", "SMS-értesítések kikapcsolása"
            }),
            Map.entry("changeMethod", new String[] {"Change method", "Cambiar método", "Mód módosítása"}),
            Map.entry(
                    "reason",
                    new String[] {"Reason (staff only)", "Motivo (solo personal)", "Indok (csak munkatársak)"}),
            Map.entry("revoke", new String[] {"Revoke access", "Revocar acceso", "Hozzáférés visszavonása"}),
            Map.entry(
                    "reinstate", new String[] {"Reinstate access", "Restablecer acceso", "Hozzáférés visszaállítása"}),
            Map.entry("upload", new String[] {"Upload a document", "Subir un documento", "Dokumentum feltöltése"}),
            Map.entry("file", new String[] {
                "File (PDF, PNG, JPEG or text)", "Archivo (PDF, PNG, JPEG o texto)", "Fájl (PDF, PNG, JPEG vagy szöveg)"
            }),
            Map.entry("docType", new String[] {"Document type", "Tipo de documento", "Dokumentumtípus"}),
            Map.entry("type.LAB_RESULT", new String[] {"Lab result", "Resultado de laboratorio", "Laborlelet"}),
            Map.entry("type.DISCHARGE", new String[] {"Discharge summary", "Informe de alta", "Zárójelentés"}),
            Map.entry("type.PRESCRIPTION", new String[] {"Prescription", "Receta", "Recept"}),
            Map.entry("type.IMAGING", new String[] {"Imaging report", "Informe de imagen", "Képalkotó lelet"}),
            Map.entry("patientAccess", new String[] {
                "Patient access: the patient sees it in the portal",
                "Acceso del paciente: lo ve en el portal",
                "Páciens hozzáférés: látja a portálon"
            }),
            Map.entry("notify", new String[] {"Notify the patient", "Avisar al paciente", "Páciens értesítése"}),
            Map.entry("publish", new String[] {"Upload", "Subir", "Feltöltés"}),
            Map.entry("fileName", new String[] {"File", "Archivo", "Fájl"}),
            Map.entry("state", new String[] {"Visibility", "Visibilidad", "Láthatóság"}),
            Map.entry(
                    "state.VISIBLE",
                    new String[] {"Visible to the patient", "Visible para el paciente", "Páciens látja"}),
            Map.entry("state.HIDDEN", new String[] {"Hidden", "Oculto", "Rejtett"}),
            Map.entry("state.WITHDRAWN", new String[] {"Withdrawn", "Retirado", "Visszavonva"}),
            Map.entry("created", new String[] {"Uploaded", "Subido", "Feltöltve"}),
            Map.entry("actions", new String[] {"Actions", "Acciones", "Műveletek"}),
            Map.entry("show", new String[] {"Make visible", "Hacer visible", "Láthatóvá tétel"}),
            Map.entry("hide", new String[] {"Hide", "Ocultar", "Elrejtés"}),
            Map.entry("withdraw", new String[] {"Withdraw", "Retirar", "Visszavonás"}),
            Map.entry(
                    "noDocuments",
                    new String[] {"No documents yet.", "Aún no hay documentos.", "Még nincs dokumentum."}),
            Map.entry("done", new String[] {"Saved.", "Guardado.", "Mentve."}),
            Map.entry("error", new String[] {"Not done:", "No se hizo:", "Nem sikerült:"}),
            Map.entry("inbox.title", new String[] {"Dev inbox", "Buzón de pruebas", "Fejlesztői postafiók"}),
            Map.entry("inbox.hint", new String[] {
                "Every e-mail, SMS and push the demo sent, newest first. Only the demo profile has this page.",
                "Todos los correos, SMS y push que envió la demo, los más nuevos primero. Solo existe en el perfil demo.",
                "A demó minden e-mailje, SMS-e és push üzenete, a legújabb elöl. Csak a demo profilban létezik."
            }),
            Map.entry(
                    "inbox.empty",
                    new String[] {"Nothing sent yet.", "Aún no se ha enviado nada.", "Még semmi nem ment el."}),
            Map.entry("inbox.to", new String[] {"To", "Para", "Címzett"}),
            Map.entry("reload", new String[] {"Reload", "Recargar", "Frissítés"}));

    private Texts() {}

    static String get(String lang, String key) {
        String[] t = TEXTS.get(key);
        if (t == null) {
            return key;
        }
        return switch (lang) {
            case "es" -> t[1];
            case "hu" -> t[2];
            default -> t[0];
        };
    }
}
