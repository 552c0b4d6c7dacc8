"""The web pages in a real headless browser: Debian's chromium and chromium-driver through Selenium.

The service runs on 127.0.0.1 over the seed graph, linked to the bundled
Wikidata slice and reasoned, plus one hostile entity whose label is a
`<script>` and whose page links a `javascript:` IRI. Screenshots go to
$FILMKG_SCREENSHOT_DIR when set (`make screenshots` sets it to docs/),
else to a temporary folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from filmkg.guards import QueryLimits
from filmkg.server import ServiceConfig, create_app
from filmkg.serving import ServerThread, bind

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
    if os.environ.get("CI"):  # .ci/run installs them: never let CI pass without the browser tests
        raise RuntimeError("CI needs chromium and chromium-driver for the browser tests")
    pytest.skip("Chromium not installed (apt-get install chromium chromium-driver)", allow_module_level=True)

from selenium import webdriver  # noqa: E402 - only once Chromium is known to be there
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.network

ROOT = Path(__file__).resolve().parents[1]
ANORA = "https://w3id.org/filmkg/id/film/anora"
HOSTILE = "https://w3id.org/filmkg/id/film/hostile"
HOSTILE_TTL = f"""
<{HOSTILE}> a <https://w3id.org/filmkg/ontology#Film> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "<script>window.pwned = 1</script>Hostile" ;
    <https://w3id.org/filmkg/ontology#directedBy> <javascript:window.pwned=2> .
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from filmkg.service_data import service_data
    from filmkg.wikidata.run import link_files

    folder = tmp_path_factory.mktemp("web")
    linked = folder / "anora-linked.ttl"
    link_files([ROOT / "data" / "anora.ttl"], linked)
    hostile = folder / "hostile.ttl"
    hostile.write_text(HOSTILE_TTL, encoding="utf-8")
    data, triples = service_data([linked, hostile], with_wikidata=True, with_reasoning=True)
    config = ServiceConfig(limits=QueryLimits(timeout=10), triples=triples, texts=(ROOT / "seeds",))
    with ServerThread(create_app(data, config), bind("127.0.0.1", 0)) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for downloads
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("FILMKG_SCREENSHOT_DIR")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _wait(driver: WebDriver, css: str, timeout: float = 15):  # noqa: ANN202 - a WebElement
    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _full_page(driver: WebDriver, path: Path, height: int | None = None) -> None:
    needed = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, height or min(int(needed) + 20, 3000))
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    assert path.stat().st_size > 10_000


def _column(driver: WebDriver, n: int) -> list[str]:
    return [td.text for td in driver.find_elements(By.CSS_SELECTOR, f"#result-table tbody td:nth-child({n})")]


def test_query_from_the_editor_fills_a_sortable_table(site: str, browser: WebDriver, shots: Path) -> None:
    browser.get(site + "/")
    editor = _wait(browser, "#query")
    editor.clear()
    editor.send_keys("SELECT ?person ?name WHERE { ?person a film:Person ; rdfs:label ?name }")
    browser.find_element(By.ID, "run").click()
    table = _wait(browser, "#result-table tbody tr")
    names = _column(browser, 2)
    assert "Sean Baker" in names and "Mikey Madison" in names
    assert table.find_element(By.CSS_SELECTOR, "a").get_attribute("href").startswith(site + "/entity?iri=")
    browser.find_element(By.CSS_SELECTOR, "#result-table th:nth-child(2)").click()
    ordered = _column(browser, 2)
    assert ordered == sorted(ordered, key=str.casefold)
    assert "query=SELECT" in browser.current_url  # the query is in the URL, to share
    assert browser.find_element(By.ID, "download-csv").get_attribute("href").endswith("format=csv")


def test_named_query_example_with_a_parameter(site: str, browser: WebDriver, shots: Path) -> None:
    browser.get(site + "/")
    _wait(browser, "button.example[data-name='directed-by']").click()
    field = _wait(browser, "input[name='param.film']")
    field.send_keys("Anora")
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 15).until(
        lambda d: "Sean Baker" in d.find_element(By.ID, "results").text)
    assert "param.film=Anora" in browser.current_url
    shared = browser.current_url
    browser.get("about:blank")
    browser.get(shared)  # the shared link runs the same query again
    WebDriverWait(browser, 15).until(lambda d: "Sean Baker" in d.find_element(By.ID, "results").text)
    _full_page(browser, shots / "query-page.png", height=900)


def test_entity_page_shows_evidence_inferred_and_wikidata(site: str, browser: WebDriver, shots: Path) -> None:
    browser.get(f"{site}/entity?iri={quote(ANORA, safe='')}")
    assert _wait(browser, "#entity-label").text == "Anora"
    evidence = browser.find_elements(By.CSS_SELECTOR, "blockquote.evidence")
    assert any("Sean Baker" in e.text for e in evidence)
    assert browser.find_elements(By.CSS_SELECTOR, "blockquote.evidence mark")  # the words, highlighted
    assert browser.find_elements(By.CSS_SELECTOR, "li.fact.inferred .badge")
    assert browser.find_elements(By.CSS_SELECTOR, "#neighbourhood svg a")
    _full_page(browser, shots / "entity-anora.png", height=1400)
    graph = browser.find_element(By.CSS_SELECTOR, "#neighbourhood")
    graph.screenshot(str(shots / "entity-anora-neighbourhood.png"))
    browser.get(f"{site}/entity?iri={quote('https://w3id.org/filmkg/id/film/the-tree-of-life', safe='')}")
    table = _wait(browser, "table.wikidata")  # a linked film: what the slice says, next to the graph
    assert "Terrence Malick" in table.text and "only Wikidata" in table.text


def test_injected_script_label_stays_text(site: str, browser: WebDriver) -> None:
    browser.get(f"{site}/entity?iri={quote(HOSTILE, safe='')}")
    assert _wait(browser, "#entity-label").text == "<script>window.pwned = 1</script>Hostile"
    assert browser.execute_script("return window.pwned === undefined")
    hrefs = [a.get_attribute("href") or "" for a in browser.find_elements(By.CSS_SELECTOR, "a")]
    assert not any(h.startswith("javascript:") for h in hrefs)
    browser.get(f"{site}/search?q=script")
    assert "<script>window.pwned = 1</script>Hostile" in _wait(browser, "#hits").text
    query = "SELECT ?l WHERE { ?f rdfs:label ?l FILTER(CONTAINS(?l, 'script')) }"
    browser.get(site + "/?query=" + quote(query))
    WebDriverWait(browser, 15).until(lambda d: "Hostile" in d.find_element(By.ID, "results").text)
    assert browser.execute_script("return window.pwned === undefined")


def test_document_page_marks_facts_in_place(site: str, browser: WebDriver, shots: Path) -> None:
    browser.get(site + "/search")
    _wait(browser, "ul.docs a").click()
    _wait(browser, "ol.document mark")
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.document > li")) > 10
    full = browser.find_element(By.ID, "fulltext")  # the whole seed text, facts marked in place
    assert full.text.startswith("Anora is a 2024") and len(full.find_elements(By.TAG_NAME, "mark")) > 20
    _full_page(browser, shots / "document-anora.png", height=1000)
