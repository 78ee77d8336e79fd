// The one Leaflet map component. The map is created once (useEffect on a ref), every layer is
// updated in place when its props change, and the map is removed on unmount. Classes and colours
// come from web/map/choropleth.ts through `epciStyles`; this component only draws them.
import * as L from 'leaflet';
import { useId, useLayoutEffect as useMapEffect, useRef, useState } from 'preact/hooks';
import { EPCI_OUTLINE, GAP_COLOR, OUTSIDE_EPCI_FILL, TERRITORY_COLOR, TESS_COLOR, UNDERSERVED_COLOR, schemeColor } from '../../map/choropleth.ts';
import { type MapGeography, loadMapGeography } from '../../map/geography.ts';
import { SITE_KIND_LABELS } from '../../format.ts';
import { ErrorMessage } from '../status.tsx';

export interface SiteView {
  id: number | string;
  operator: string;
  operatorName?: string | null;
  kind: 'hq' | 'branch' | 'outreach';
  name: string;
  address?: string | null;
  commune?: string | null;
  communeName?: string | null;
  lat: number;
  lon: number;
  schemes: string[];
  opened?: string | null;
  closed?: string | null;
  schedule?: string | null;
}

export interface EpciStyle {
  fill: string;
  /** Not covered (DOMAIN rule 7): hatched on top of the fill. */
  hatched?: boolean;
  underserved?: boolean;
  /** Uncovered where the capacities made coverage likely (issue 13): a dotted outline. */
  gap?: boolean;
}

export interface ZoneView {
  id: string;
  name: string;
  epcis: string[];
}

export interface TerritoryMapProps {
  /** Accessible name of the map region, e.g. "Carte des EPCI : bénéficiaires 2024–2026". */
  label: string;
  /** id of the map container (the one keyboard stop of the map), e.g. to give focus back to it. */
  id?: string;
  /** id of the element "Passer la carte" moves to (e.g. the EPCI table); by default, what follows the map. */
  skipTo?: string;
  epciStyles?: Map<string, EpciStyle> | null;
  /** Text of the hover tooltip of an EPCI (its name and figure). */
  tooltipFor?: (siren: string) => string;
  /** The figures behind epciStyles are still loading: the map is not "ready" (data-map-ready) yet. */
  awaitingData?: boolean;
  /** undefined: not loaded yet (the map is not "ready"); []: no sites to draw. */
  sites?: SiteView[];
  showRings?: boolean;
  distanceKm?: number;
  showDepartements?: boolean;
  zones?: ZoneView[];
  showZones?: boolean;
  /** EPCIs with a TESS-funded ESS action plan over the cohort: a local presence, outlined when showTess */
  tessEpcis?: string[];
  showTess?: boolean;
  /** The EPCIs of an agreed territory chosen as a filter, outlined together */
  territory?: ZoneView | null;
  /** Tooltip of a commune in no EPCI (drawn apart from the EPCIs), by its INSEE code */
  outsideEpciTooltip?: (code: string) => string;
  selectedSiren?: string | null;
  /** A click on an EPCI; `map` is the map container, where focus can return afterwards. */
  onSelectEpci?: (siren: string, map: HTMLElement) => void;
  /** Clicking the map background or an EPCI reports the point (e.g. to place a site). */
  onMapClick?: (lon: number, lat: number) => void;
  /** A single placed point (site placement). */
  marker?: { lat: number; lon: number } | null;
  tilesUrl?: string | null;
  tilesAttribution?: string | null;
  class?: string;
}

const CONTOURS_ATTRIBUTION = 'Contours : IGN Admin Express 2018, Licence Ouverte';
const HATCH_ID = 'tess-hatch-uncovered';
const KEYBOARD_HINT = 'Flèches : déplacer la carte ; + et − : zoomer.';
const EPCI_KEYBOARD_HINT = 'Pour choisir un EPCI au clavier, utilisez la recherche ou le tableau des EPCI.';

// Leaflet documents off(el, types) ("removes all previously added listeners of given types") but
// @types/leaflet leaves that form out; it works on any element Leaflet listened on, SVG included.
const offAll = L.DomEvent.off as unknown as (element: Element, types: string) => void;

/**
 * Takes a vector layer's shapes out of the keyboard path. Leaflet's bindTooltip listens for focus on
 * each SVG path, and Chromium makes an SVG element with focus listeners focusable: 92 nameless tab
 * stops per map. Hover tooltips stay; the keyboard way to an EPCI is the search box and the table.
 */
function keepOutOfTabOrder(layer: L.Layer): void {
  const element = (layer as L.Path).getElement?.();
  if (element) offAll(element, 'focus blur');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** SVG shape by kind (square = siège, circle = antenne, triangle = permanence), colour by scheme. */
export function siteShapeSvg(kind: SiteView['kind'], color: string, size = 18): string {
  const s = size;
  const stroke = `stroke="#ffffff" stroke-width="1.5"`;
  const shape =
    kind === 'hq'
      ? `<rect x="2" y="2" width="${s - 4}" height="${s - 4}" fill="${color}" ${stroke}/>`
      : kind === 'branch'
        ? `<circle cx="${s / 2}" cy="${s / 2}" r="${s / 2 - 1.5}" fill="${color}" ${stroke}/>`
        : `<polygon points="${s / 2},1 ${s - 1},${s - 2} 1,${s - 2}" fill="${color}" ${stroke}/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}" aria-hidden="true" style="filter:drop-shadow(0 0 1px #000)">${shape}</svg>`;
}

function sitePopup(site: SiteView): string {
  const lines = [
    `<strong>${escapeHtml(site.name)}</strong>`,
    `${escapeHtml(SITE_KIND_LABELS[site.kind] ?? site.kind)} · ${escapeHtml(site.operatorName || site.operator)}`,
    site.address || site.communeName ? escapeHtml([site.address, site.communeName].filter(Boolean).join(', ')) : '',
    site.schedule ? `Horaires : ${escapeHtml(site.schedule)}` : '',
    `Dispositifs : ${escapeHtml(site.schemes.join(', ') || '—')}`,
  ];
  return lines.filter(Boolean).join('<br>');
}

function addHatchPattern(container: HTMLElement): void {
  const svg = container.querySelector('.leaflet-overlay-pane svg');
  if (!svg || svg.querySelector(`#${HATCH_ID}`)) return;
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  defs.innerHTML = `<pattern id="${HATCH_ID}" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect width="7" height="7" fill="none"/><line x1="0" y1="0" x2="0" y2="7" stroke="#4d4d4d" stroke-width="1.6"/></pattern>`;
  svg.insertBefore(defs, svg.firstChild);
}

interface Layers {
  epcis: L.GeoJSON;
  hatch: L.LayerGroup;
  underserved: L.LayerGroup;
  selected: L.LayerGroup;
  departements: L.GeoJSON;
  region: L.GeoJSON;
  zones: L.LayerGroup;
  tess: L.LayerGroup;
  territory: L.LayerGroup;
  outsideEpci: L.GeoJSON;
  rings: L.LayerGroup;
  sites: L.LayerGroup;
  marker: L.LayerGroup;
  tiles: L.TileLayer | null;
}

/**
 * Calls `refit` when the page is about to print and after: `html.printing` is set first, so that maps take
 * their paper size (styles.css) while Leaflet measures them.
 */
function watchPrinting(refit: () => void): () => void {
  const before = () => {
    document.documentElement.classList.add('printing');
    refit();
  };
  const after = () => {
    document.documentElement.classList.remove('printing');
    refit();
  };
  window.addEventListener('beforeprint', before);
  window.addEventListener('afterprint', after);
  return () => {
    window.removeEventListener('beforeprint', before);
    window.removeEventListener('afterprint', after);
  };
}

export function TerritoryMap(props: TerritoryMapProps) {
  const uid = useId();
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layersRef = useRef<Layers | null>(null);
  const geoRef = useRef<MapGeography | null>(null);
  const [geoReady, setGeoReady] = useState(false);
  const [sitesDrawn, setSitesDrawn] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  // latest callbacks, so layers bound once always call the current ones
  const callbacks = useRef(props);
  callbacks.current = props;

  // Create the map once. The map's effects are layout effects: the same lifecycle as useEffect
  // (create once, update in place, remove on unmount) but run before the browser paints, so layers
  // follow their data in the same frame instead of one animation frame per step.
  useMapEffect(() => {
    const element = container.current!;
    const map = L.map(element, { zoomSnap: 0.25, minZoom: 6, maxZoom: 14, attributionControl: true, zoomControl: false, preferCanvas: false });
    L.control.zoom({ zoomInTitle: 'Zoom avant', zoomOutTitle: 'Zoom arrière' }).addTo(map);
    map.attributionControl.setPrefix('Leaflet');
    map.attributionControl.addAttribution(CONTOURS_ATTRIBUTION);
    // no view yet: the first one is the region's own bounds, set once its geography is known
    // (a provisional view would make Leaflet draw every path twice and animate the zoom between)
    const renderer = L.svg({ padding: 0.5 });
    const layers: Layers = {
      epcis: L.geoJSON(undefined, { renderer } as L.GeoJSONOptions),
      hatch: L.layerGroup(),
      underserved: L.layerGroup(),
      zones: L.layerGroup(),
      tess: L.layerGroup(),
      territory: L.layerGroup(),
      outsideEpci: L.geoJSON(undefined, {
        renderer,
        style: { color: '#000', weight: 1.2, dashArray: '4 3', fillColor: OUTSIDE_EPCI_FILL, fillOpacity: 1 },
      } as L.GeoJSONOptions),
      departements: L.geoJSON(undefined, { style: { color: '#222', weight: 2, fill: false, interactive: false } }),
      region: L.geoJSON(undefined, { style: { color: '#000', weight: 2.5, fill: false, interactive: false } }),
      selected: L.layerGroup(),
      rings: L.layerGroup(),
      sites: L.layerGroup(),
      marker: L.layerGroup(),
      tiles: null,
    };
    for (const layer of [layers.epcis, layers.outsideEpci, layers.hatch, layers.underserved, layers.zones, layers.tess, layers.territory, layers.region, layers.selected, layers.rings, layers.sites, layers.marker]) {
      layer.addTo(map);
    }
    map.on('click', (event: L.LeafletMouseEvent) => callbacks.current.onMapClick?.(event.latlng.lng, event.latlng.lat));
    mapRef.current = map;
    layersRef.current = layers;

    let cancelled = false;
    loadMapGeography().then(
      (geo) => {
        if (cancelled) return;
        geoRef.current = geo;
        const [west, south, east, north] = geo.bbox;
        map.fitBounds([[south, west], [north, east]], { padding: [8, 8], animate: false });
        layers.epcis.addData(geo.epcis);
        layers.epcis.eachLayer((layer) => {
          const path = layer as L.Path & { feature: { properties: { siren: string; name: string } } };
          const { siren, name } = path.feature.properties;
          path.bindTooltip(() => escapeHtml(callbacks.current.tooltipFor?.(siren) ?? name), { sticky: true });
          keepOutOfTabOrder(path);
          path.on('click', (event: L.LeafletMouseEvent) => {
            callbacks.current.onSelectEpci?.(siren, element);
            if (callbacks.current.onMapClick) callbacks.current.onMapClick(event.latlng.lng, event.latlng.lat);
            L.DomEvent.stopPropagation(event);
          });
        });
        layers.outsideEpci.addData(geo.outsideEpci);
        layers.outsideEpci.eachLayer((layer) => {
          const path = layer as L.Path & { feature: { properties: { code: string; name: string } } };
          const { code, name } = path.feature.properties;
          path.bindTooltip(() => escapeHtml(callbacks.current.outsideEpciTooltip?.(code) ?? `${name} (commune hors EPCI)`), { sticky: true });
          keepOutOfTabOrder(path);
        });
        layers.departements.addData(geo.departementBorders);
        layers.region.addData(geo.regionOutline);
        addHatchPattern(element);
        setGeoReady(true);
      },
      (error: unknown) => {
        if (cancelled) return;
        map.setView([49.95, 2.8], 7.5); // the region's centre, so that sites still show
        setLoadError(error);
      },
    );
    // Leaflet measures its container: re-measure when the layout changes (panel opening, print).
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(element);
    // Printing lays the page out at the paper's width, after the last script ran: the print stylesheet
    // gives maps a fixed size in mm, and `html.printing` (set by watchPrinting) gives them the same size
    // on screen just before, so that the map is redrawn for the paper, whole region in view.
    const refit = () => {
      map.invalidateSize({ animate: false });
      const geo = geoRef.current;
      if (geo) {
        const [west, south, east, north] = geo.bbox;
        map.fitBounds([[south, west], [north, east]], { padding: [8, 8], animate: false });
      }
    };
    const stopWatching = watchPrinting(refit);
    return () => {
      cancelled = true;
      stopWatching();
      observer.disconnect();
      map.remove();
      mapRef.current = null;
      layersRef.current = null;
    };
  }, []);

  // Background tiles (optional, configured on the server).
  useMapEffect(() => {
    const map = mapRef.current;
    const layers = layersRef.current;
    if (!map || !layers) return;
    if (layers.tiles) layers.tiles.remove();
    layers.tiles = props.tilesUrl
      ? L.tileLayer(props.tilesUrl, { attribution: props.tilesAttribution ? escapeHtml(props.tilesAttribution) : undefined, maxZoom: 18 })
          .addTo(map)
          .bringToBack()
      : null;
  }, [props.tilesUrl, props.tilesAttribution]);

  // EPCI fills, uncovered hatching, underserved outlines.
  useMapEffect(() => {
    const layers = layersRef.current;
    const geo = geoRef.current;
    if (!geoReady || !layers || !geo) return;
    const styles = props.epciStyles;
    const transparentFill = !!props.tilesUrl;
    layers.epcis.setStyle((feature) => {
      const style = styles?.get(feature?.properties.siren);
      return {
        color: EPCI_OUTLINE,
        weight: 0.8,
        fillColor: style?.fill ?? '#f4f4f0',
        fillOpacity: transparentFill ? 0.7 : 1,
      };
    });
    layers.hatch.clearLayers();
    layers.underserved.clearLayers();
    if (!styles) return;
    for (const [siren, style] of styles) {
      const feature = geo.bySiren.get(siren);
      if (!feature) continue;
      if (style.hatched) {
        layers.hatch.addLayer(
          L.geoJSON(feature, {
            interactive: false,
            style: { stroke: false, fillColor: `url(#${HATCH_ID})`, fillOpacity: 1 },
          }),
        );
      }
      if (style.underserved) {
        layers.underserved.addLayer(
          L.geoJSON(feature, {
            interactive: false,
            style: { color: UNDERSERVED_COLOR, weight: 3, dashArray: '6 4', fill: false },
          }),
        );
      }
      if (style.gap) {
        layers.underserved.addLayer(
          L.geoJSON(feature, { interactive: false, style: { color: GAP_COLOR, weight: 3.5, dashArray: '1 5', lineCap: 'round', fill: false } }),
        );
      }
    }
  }, [geoReady, props.epciStyles, props.tilesUrl]);

  // Selected EPCI: thick outline, brought into view.
  useMapEffect(() => {
    const layers = layersRef.current;
    const geo = geoRef.current;
    const map = mapRef.current;
    if (!geoReady || !layers || !geo || !map) return;
    layers.selected.clearLayers();
    const feature = props.selectedSiren ? geo.bySiren.get(props.selectedSiren) : undefined;
    if (!feature) return;
    const outline = L.geoJSON(feature, { interactive: false, style: { color: '#000', weight: 4, fill: false } });
    layers.selected.addLayer(outline);
    const bounds = outline.getBounds();
    if (!map.getBounds().contains(bounds)) map.fitBounds(bounds, { maxZoom: 10, padding: [20, 20] });
  }, [geoReady, props.selectedSiren]);

  // Département borders (toggle).
  useMapEffect(() => {
    const map = mapRef.current;
    const layers = layersRef.current;
    if (!map || !layers) return;
    if (props.showDepartements !== false) layers.departements.addTo(map);
    else layers.departements.remove();
  }, [props.showDepartements]);

  // Vigilance zones: the outline of each zone's union of EPCIs, labelled.
  useMapEffect(() => {
    const layers = layersRef.current;
    const geo = geoRef.current;
    if (!geoReady || !layers || !geo) return;
    layers.zones.clearLayers();
    if (!props.showZones || !props.zones) return;
    for (const zone of props.zones) {
      if (zone.epcis.length === 0) continue;
      const outline = L.geoJSON(geo.unionOf(zone.epcis), {
        interactive: false,
        style: { color: '#6a3d9a', weight: 3.5, dashArray: '2 6', lineCap: 'round', fill: false },
      });
      outline.bindTooltip(escapeHtml(zone.name), { permanent: true, direction: 'center', className: 'zone-label', opacity: 0.9 });
      layers.zones.addLayer(outline);
    }
  }, [geoReady, props.zones, props.showZones]);

  // EPCIs with a TESS-funded ESS action plan: each outlined in long dashes (not colour alone).
  useMapEffect(() => {
    const layers = layersRef.current;
    const geo = geoRef.current;
    if (!geoReady || !layers || !geo) return;
    layers.tess.clearLayers();
    if (!props.showTess || !props.tessEpcis) return;
    for (const siren of props.tessEpcis) {
      const feature = geo.bySiren.get(siren);
      if (!feature) continue;
      layers.tess.addLayer(L.geoJSON(feature, { interactive: false, style: { color: TESS_COLOR, weight: 3.5, dashArray: '12 5', fill: false } }));
    }
  }, [geoReady, props.tessEpcis, props.showTess]);

  // The agreed territory chosen as a filter: the outline of its EPCIs' union, labelled.
  useMapEffect(() => {
    const layers = layersRef.current;
    const geo = geoRef.current;
    if (!geoReady || !layers || !geo) return;
    layers.territory.clearLayers();
    const territory = props.territory;
    if (!territory || territory.epcis.length === 0) return;
    const outline = L.geoJSON(geo.unionOf(territory.epcis), { interactive: false, style: { color: TERRITORY_COLOR, weight: 4, dashArray: '10 4 2 4', fill: false } });
    outline.bindTooltip(escapeHtml(territory.name), { permanent: true, direction: 'center', className: 'zone-label', opacity: 0.9 });
    layers.territory.addLayer(outline);
  }, [geoReady, props.territory]);

  // Sites and optional distance rings.
  useMapEffect(() => {
    const layers = layersRef.current;
    if (!layers) return;
    layers.sites.clearLayers();
    layers.rings.clearLayers();
    if (!props.sites) {
      setSitesDrawn(false);
      return;
    }
    for (const site of props.sites) {
      if (!Number.isFinite(site.lat) || !Number.isFinite(site.lon)) continue;
      const icon = L.divIcon({
        className: 'site-marker',
        html: siteShapeSvg(site.kind, schemeColor(site.schemes[0])),
        iconSize: [18, 18],
        iconAnchor: [9, 9],
        popupAnchor: [0, -8],
      });
      L.marker([site.lat, site.lon], { icon, keyboard: false, title: `${SITE_KIND_LABELS[site.kind] ?? ''} ${site.name}`.trim() })
        .bindPopup(sitePopup(site))
        .addTo(layers.sites);
      if (props.showRings && props.distanceKm) {
        L.circle([site.lat, site.lon], {
          radius: props.distanceKm * 1000,
          interactive: false,
          color: schemeColor(site.schemes[0]),
          weight: 1,
          opacity: 0.6,
          fill: false,
          dashArray: '3 4',
        }).addTo(layers.rings);
      }
    }
    setSitesDrawn(true);
  }, [props.sites, props.showRings, props.distanceKm]);

  // Placement marker (site administration).
  useMapEffect(() => {
    const layers = layersRef.current;
    if (!layers) return;
    layers.marker.clearLayers();
    if (props.marker) {
      L.marker([props.marker.lat, props.marker.lon], {
        icon: L.divIcon({ className: 'site-marker', html: siteShapeSvg('branch', '#0b4f8a', 22), iconSize: [22, 22], iconAnchor: [11, 11] }),
        keyboard: false,
        title: 'Emplacement choisi',
      }).addTo(layers.marker);
    }
  }, [props.marker?.lat, props.marker?.lon]);

  const ready = geoReady && sitesDrawn && !props.awaitingData;
  useMapEffect(() => {
    // read by bench/web.bench.ts: time from navigation start to the map fully painted
    if (ready && performance.getEntriesByName('map-ready').length === 0) performance.mark('map-ready');
  }, [ready]);
  // "Passer la carte" moves focus itself: a plain #fragment would also rewrite the address
  const skip = (event: Event) => {
    event.preventDefault();
    const target = (props.skipTo && document.getElementById(props.skipTo)) || document.getElementById(`${uid}-after`);
    target?.focus();
  };
  return (
    <div class="territory-map-wrap">
      {loadError !== null && <ErrorMessage error={loadError} title="Contours des EPCI non chargés" />}
      <a class="map-skip-link" href={`#${props.skipTo ?? `${uid}-after`}`} onClick={skip}>
        Passer la carte
      </a>
      <section
        ref={container}
        id={props.id}
        class={`territory-map ${props.class ?? ''}`}
        aria-label={props.label}
        aria-describedby={`${uid}-keys`}
        data-map-ready={ready ? 'true' : undefined}
        data-epcis-ready={geoReady ? 'true' : undefined}
      />
      <p id={`${uid}-keys`} class="visually-hidden">
        {props.onSelectEpci ? `${KEYBOARD_HINT} ${EPCI_KEYBOARD_HINT}` : KEYBOARD_HINT}
      </p>
      <span id={`${uid}-after`} class="visually-hidden" tabIndex={-1}>
        Fin de la carte
      </span>
    </div>
  );
}
