export const id = 795;
export const ids = [795];
export const modules = {

/***/ 7795:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.cache = void 0;
const io_js_1 = __webpack_require__(1604);
const cache = async () => {
    throw new io_js_1.UsageError("jux cache: not implemented yet");
};
exports.cache = cache;


/***/ })

};
